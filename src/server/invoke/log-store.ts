import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Timer } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import { readGroupMeta } from './logs/group-meta.js';
import { GroupLog, type BatchOutcome, type WriteContext } from './logs/group-log.js';
import { expiredSegments, oversizeSegments, repairGroup } from './logs/keep.js';
import { encodeRecord } from './logs/records.js';
import { eventsOf, type EventFilter } from './logs/read-events.js';
import {
  DEFAULT_LOG_OPTIONS,
  type LogEntry,
  type LogEvent,
  type LogGroupView,
  type LogSink,
  type LogStoreCounters,
  type LogStoreOptions,
} from './logs/log-types.js';

export interface LogStoreDeps {
  dir: string;
  /** The clock of log timestamps and retention's ages (the functions'; see `timeScale`). */
  logClock: Clock;
  log: Log;
  /** The data dir's free space: logs are dropped (and counted) rather than eat into the reserve. */
  space?: { readonly full: boolean; countRefused(kind: 'log'): void };
}

/** Log files kept open at once; the least recently written is closed beyond this. */
const OPEN_FILES = 64;
/** How long appended text may wait to be written (one write for many invocations under load). */
const FLUSH_MS = 25;
const DAY_MS = 86_400_000;
const SEGMENT_SPAN_MS = 3_600_000;

/**
 * Invocation logs on disk, a folder per log group of segments of JSON lines (see logs/). Appends
 * are batched (a write every 25 ms at most, through files kept open); a torn write is cut back off
 * its segment, and torn tails left by a crash are cut at start-up, so damage never spreads past
 * the record it hit; readers skip and count what is damaged. Retention and a size cap per group
 * delete the oldest segments.
 */
export class FileLogStore implements LogSink {
  private readonly byName = new Map<string, GroupLog>();
  private readonly openOrder = new Set<GroupLog>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private sweepTimer: Timer | undefined;
  private dropping: 'full' | 'failed' | undefined;
  private droppedInEpisode = 0;
  readonly options: LogStoreOptions;
  readonly counters: LogStoreCounters = {
    written: 0,
    dropped: 0,
    repaired: 0,
    expiredBytes: 0,
    cappedBytes: 0,
  };
  private readonly context: WriteContext;

  constructor(
    private readonly deps: LogStoreDeps,
    options: Partial<LogStoreOptions> = {},
  ) {
    this.options = { ...DEFAULT_LOG_OPTIONS, ...options };
    this.context = {
      full: () => deps.space?.full ?? false,
      // Small enough that the cap and retention free space in steps a fraction of the cap.
      segmentBytes: Math.max(64 * 1024, Math.min(4 * 1024 * 1024, Math.floor(this.options.capBytes / 8))),
      // An hour of platform time: retention (in days) frees space in steps of an hour.
      segmentSpanMs: SEGMENT_SPAN_MS / this.options.timeScale,
      opened: (group) => this.opened(group),
      report: (group, outcome) => this.report(group, outcome),
    };
  }

  /** Loads the groups on disk, cutting torn tails a crash left, and starts applying retention. */
  async start(): Promise<void> {
    if (existsSync(this.deps.dir)) {
      for (const folder of await readdir(this.deps.dir)) {
        const group = await this.load(decodeURIComponent(folder));
        this.counters.repaired += await repairGroup(group, this.deps.log);
      }
      if (this.counters.repaired > 0) {
        this.deps.log.warn('cut torn records off function logs (a crash or a full disk tore them)', {
          records: this.counters.repaired,
        });
      }
    }
    this.scheduleSweep();
  }

  append(entry: LogEntry, durable = false): Promise<boolean> {
    const text = entry.text.endsWith('\n') ? entry.text.slice(0, -1) : entry.text;
    const line = encodeRecord({ t: entry.timestamp, s: entry.stream, m: text, v: entry.version });
    const written = this.group(entry.group).append(line, entry.timestamp, durable);
    // A timer for performance only (not a decision), so not the Clock: batches writes.
    this.flushTimer ??= setTimeout(() => void this.writePending(), FLUSH_MS).unref();
    return written;
  }

  /** Waits until everything appended so far is written (and the writes in flight have settled). */
  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    await this.writePending();
    await Promise.all([...this.byName.values()].map((g) => g.settled()));
  }

  /** Log groups with logs (or a retention policy), by name. */
  async groups(): Promise<string[]> {
    await this.flush();
    return [...this.byName.values()]
      .filter((g) => existsSync(g.dir))
      .map((g) => g.name)
      .sort();
  }

  async describe(prefix = ''): Promise<LogGroupView[]> {
    const names = (await this.groups()).filter((name) => name.startsWith(prefix));
    return names.map((name) => {
      const group = this.byName.get(name)!;
      return {
        name,
        createdAt: group.meta.createdAt,
        retentionInDays: group.meta.retentionInDays,
        storedBytes: group.storedBytes,
      };
    });
  }

  /** A group's events in time order, or undefined when the group has no logs. */
  async events(group: string, filter: EventFilter = {}): Promise<LogEvent[] | undefined> {
    await this.flush();
    const found = this.byName.get(group);
    if (!found || !existsSync(found.dir)) return undefined;
    return eventsOf(await found.read(filter.start, filter.end), filter);
  }

  /** Damaged records seen: cut at start-up, and skipped by the last reads of each segment. */
  get damaged(): number {
    let skipped = 0;
    for (const group of this.byName.values()) for (const n of group.damagedBySegment.values()) skipped += n;
    return this.counters.repaired + skipped;
  }

  get storedBytes(): number {
    let total = 0;
    for (const group of this.byName.values()) total += group.storedBytes;
    return total;
  }

  /**
   * Sets a group's retention (false when the group does not exist) and applies it at once, before
   * saving it: shortening retention is how a full disk gets room back.
   */
  async putRetention(name: string, days: number | undefined): Promise<boolean> {
    await this.flush();
    const group = this.byName.get(name);
    if (!group || !existsSync(group.dir)) return false;
    const meta = {
      createdAt: group.meta.createdAt,
      ...(days === undefined ? {} : { retentionInDays: days }),
    };
    group.meta = meta;
    await this.sweepGroup(group);
    await group.saveMeta(meta);
    return true;
  }

  /** Deletes a group and all its logs; false when it does not exist. */
  async deleteGroup(name: string): Promise<boolean> {
    await this.flush();
    const group = this.byName.get(name);
    if (!group || !existsSync(group.dir)) return false;
    await group.closeHandle();
    this.openOrder.delete(group);
    this.byName.delete(name);
    await rm(group.dir, { recursive: true, force: true });
    return true;
  }

  /** Applies every group's retention now (also runs on a timer). */
  async sweep(): Promise<void> {
    for (const group of [...this.byName.values()]) await this.sweepGroup(group);
  }

  async close(): Promise<void> {
    this.sweepTimer?.cancel();
    await this.flush();
    await Promise.all([...this.byName.values()].map((g) => g.closeHandle()));
    this.openOrder.clear();
  }

  private group(name: string): GroupLog {
    let group = this.byName.get(name);
    if (!group) {
      group = new GroupLog(name, join(this.deps.dir, encodeURIComponent(name)), {
        createdAt: this.deps.logClock.now(),
      });
      this.byName.set(name, group);
    }
    return group;
  }

  private async load(name: string): Promise<GroupLog> {
    const dir = join(this.deps.dir, encodeURIComponent(name));
    const group = new GroupLog(name, dir, await readGroupMeta(dir));
    await group.load();
    this.byName.set(name, group);
    return group;
  }

  private async writePending(): Promise<void> {
    this.flushTimer = undefined;
    const writes: Promise<void>[] = [];
    for (const group of this.byName.values()) {
      if (!group.hasPending) continue;
      writes.push(
        group
          .flush(this.context)
          .then((outcome) => this.after(group, outcome))
          .catch((error: unknown) =>
            this.deps.log.error('function log write failed', { group: group.name, error: String(error) }),
          ),
      );
    }
    await Promise.all(writes);
  }

  private report(group: GroupLog, outcome: BatchOutcome): void {
    if (outcome.kind === 'dropped') {
      this.counters.dropped += outcome.records;
      this.droppedInEpisode += outcome.records;
      if (outcome.reason === 'full') this.deps.space?.countRefused('log');
      if (this.dropping !== outcome.reason) {
        this.dropping = outcome.reason;
        this.deps.log.warn(
          outcome.reason === 'full'
            ? 'function logs are being dropped: the data dir is nearly full'
            : 'function logs could not be written and are being dropped',
          { group: group.name, ...(outcome.error ? { error: outcome.error } : {}) },
        );
      }
      return;
    }
    this.counters.written += outcome.records;
    if (this.dropping) {
      this.deps.log.info('function logs are written again', { dropped: this.droppedInEpisode });
      this.dropping = undefined;
      this.droppedInEpisode = 0;
    }
  }

  /** Keeps the group under its cap once a batch is written. Never rejects (it runs off a timer). */
  private async after(group: GroupLog, outcome: BatchOutcome | undefined): Promise<void> {
    if (outcome?.kind !== 'written') return;
    const doomed = oversizeSegments(group, this.options.capBytes);
    if (doomed.length === 0) return;
    try {
      this.counters.cappedBytes += await group.remove(doomed);
    } catch (error) {
      this.deps.log.warn('could not apply the log size cap', { group: group.name, error: String(error) });
    }
  }

  private async sweepGroup(group: GroupLog): Promise<void> {
    const days = group.meta.retentionInDays;
    if (days === undefined) return;
    const doomed = expiredSegments(
      group,
      this.deps.logClock.now() - (days * DAY_MS) / this.options.timeScale,
    );
    try {
      this.counters.expiredBytes += await group.remove(doomed);
    } catch (error) {
      this.deps.log.warn('could not apply log retention', { group: group.name, error: String(error) });
    }
  }

  private scheduleSweep(): void {
    const every = Math.max(1000, this.options.sweepEveryMs / this.options.timeScale);
    this.sweepTimer = this.deps.logClock.setTimer(every, () => {
      this.sweep()
        .catch((error: unknown) =>
          this.deps.log.warn('could not apply log retention', { error: String(error) }),
        )
        .finally(() => this.scheduleSweep());
    });
  }

  private opened(group: GroupLog): void {
    this.openOrder.delete(group);
    this.openOrder.add(group);
    if (this.openOrder.size <= OPEN_FILES) return;
    const oldest = this.openOrder.values().next().value!;
    this.openOrder.delete(oldest);
    void oldest.closeHandle();
  }
}
