import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeGroupMeta, type GroupMeta } from './group-meta.js';
import { decodeRecords, type LogRecord } from './records.js';
import { isSegmentName, ordered, segmentName, segmentsFor, startOf, type Segment } from './segment-rules.js';

/** What a batch write needs from the store around it. */
export interface WriteContext {
  /** True when the data dir is too full for logs: the batch is dropped, not written. */
  full(): boolean;
  /** A segment is sealed and a new one started beyond this size, */
  segmentBytes: number;
  /** or when its records span longer than this (so retention frees space in steps this long). */
  segmentSpanMs: number;
  /** Called when a file handle is opened, so the store can close the least recently used. */
  opened(group: GroupLog): void;
  /** Hears how each batch went, before its appends resolve. */
  report(group: GroupLog, outcome: BatchOutcome): void;
}

/** How one batch went. */
export type BatchOutcome =
  | { kind: 'written'; records: number; bytes: number }
  | { kind: 'dropped'; records: number; reason: 'full' | 'failed'; error?: string };

/** The appends waiting for the next write: they share its outcome, so one promise serves them all. */
interface Batch {
  written: Promise<boolean>;
  done: (written: boolean) => void;
  /** An append asked for the batch to be on disk (fsynced) before it resolves. */
  durable: boolean;
}

/**
 * One log group on disk: its segments, the one being appended to, and the records waiting to be
 * written. Writes are batched; a failed write is cut back off the file (so a torn record never
 * runs into the next one), and a durable append resolves only once its batch is fsynced.
 */
export class GroupLog {
  segments: Segment[] = [];
  lastTimestamp: number | undefined;
  private active: { name: string; size: number; handle: FileHandle | undefined } | undefined;
  private pending: string[] = [];
  private pendingFirst: number | undefined;
  private pendingLast: number | undefined;
  /** Timestamp of the newest record written to the active segment. */
  private activeLast: number | undefined;
  private batch: Batch | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  /** A write failed and cutting it back failed too: the next write starts on a fresh line. */
  private torn = false;
  private seq = 0;
  /** Damaged lines per segment, as last read. */
  readonly damagedBySegment = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly dir: string,
    public meta: GroupMeta,
  ) {}

  get storedBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.size, 0) + (this.active?.size ?? 0);
  }

  get activeName(): string | undefined {
    return this.active?.name;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  get open(): boolean {
    return this.active?.handle !== undefined;
  }

  /** Loads the segments already on disk; the newest keeps being appended to. */
  async load(): Promise<void> {
    const names = existsSync(this.dir) ? await readdir(this.dir) : [];
    const segments: Segment[] = [];
    for (const name of names) {
      if (!isSegmentName(name)) continue;
      const info = await stat(join(this.dir, name));
      segments.push({ name, size: info.size, start: startOf(name), modified: info.mtimeMs });
    }
    const list = ordered(segments);
    const newest = list.at(-1);
    if (newest?.start !== undefined) {
      list.pop();
      this.active = { name: newest.name, size: newest.size, handle: undefined };
      const seq = /-(\d+)\.jsonl$/.exec(newest.name)?.[1];
      this.seq = Number(seq ?? 0) + 1;
    }
    this.segments = list;
  }

  /** Queues a record; resolves true once written (and fsynced, when durable), false if dropped. */
  append(line: string, timestamp: number, durable: boolean): Promise<boolean> {
    this.pending.push(line);
    this.pendingFirst ??= timestamp;
    this.pendingLast = Math.max(this.pendingLast ?? timestamp, timestamp);
    this.lastTimestamp = Math.max(this.lastTimestamp ?? timestamp, timestamp);
    this.batch ??= newBatch();
    if (durable) this.batch.durable = true;
    return this.batch.written;
  }

  /** Writes what is pending, after any write still in flight. */
  flush(context: WriteContext): Promise<BatchOutcome | undefined> {
    return this.exclusive(() => this.writeBatch(context));
  }

  /** Waits for writes in flight. */
  settled(): Promise<unknown> {
    return this.chain;
  }

  closeHandle(): Promise<void> {
    return this.exclusive(() => this.closeNow());
  }

  /** Deletes the named segments (retention, the cap); returns the bytes freed. */
  remove(names: readonly string[]): Promise<number> {
    return this.exclusive(() => this.removeNow(names));
  }

  /** Runs `work` after every write and removal before it: one at a time per group. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async closeNow(): Promise<void> {
    const handle = this.active?.handle;
    if (this.active) this.active.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  private async removeNow(names: readonly string[]): Promise<number> {
    let freed = 0;
    for (const name of names) {
      if (name === this.active?.name) {
        await this.closeNow();
        freed += this.active.size;
        this.active = undefined;
        this.activeLast = undefined;
      } else {
        freed += this.segments.find((s) => s.name === name)?.size ?? 0;
        this.segments = this.segments.filter((s) => s.name !== name);
      }
      this.damagedBySegment.delete(name);
      await rm(join(this.dir, name), { force: true });
    }
    return freed;
  }

  /** Every record that may fall in [from, to], in time order; damaged lines are skipped and counted. */
  async read(
    from: number | undefined,
    to: number | undefined,
  ): Promise<{ segment: string; records: LogRecord[] }[]> {
    const all: Segment[] = [...this.segments];
    if (this.active) all.push({ ...this.active, start: startOf(this.active.name), modified: Infinity });
    const out: { segment: string; records: LogRecord[] }[] = [];
    for (const segment of segmentsFor(all, from, to)) {
      let text: string;
      try {
        text = await readFile(join(this.dir, segment.name), 'utf8');
      } catch {
        continue; // deleted meanwhile (retention)
      }
      const { records, damaged } = decodeRecords(text);
      if (damaged > 0) this.damagedBySegment.set(segment.name, damaged);
      out.push({ segment: segment.name, records });
    }
    return out;
  }

  async saveMeta(meta: GroupMeta): Promise<void> {
    this.meta = meta;
    await mkdir(this.dir, { recursive: true });
    await writeGroupMeta(this.dir, meta);
  }

  private async writeBatch(context: WriteContext): Promise<BatchOutcome | undefined> {
    if (this.pending.length === 0) return undefined;
    const lines = this.pending;
    const batch = this.batch;
    const first = this.pendingFirst ?? 0;
    const last = this.pendingLast ?? first;
    this.pending = [];
    this.batch = undefined;
    this.pendingFirst = undefined;
    this.pendingLast = undefined;
    const finish = (outcome: BatchOutcome): BatchOutcome => {
      context.report(this, outcome);
      batch?.done(outcome.kind === 'written');
      return outcome;
    };
    if (context.full()) return finish({ kind: 'dropped', records: lines.length, reason: 'full' });
    let goodSize = 0;
    try {
      const active = await this.activeSegment(first, context);
      goodSize = active.size;
      if (this.torn) await this.cutBack(active);
      const text = (this.torn ? '\n' : '') + lines.join('');
      const bytes = Buffer.from(text);
      await active.handle!.appendFile(bytes);
      active.size += bytes.length;
      this.activeLast = Math.max(this.activeLast ?? last, last);
      this.torn = false;
      if (batch?.durable) await active.handle!.datasync();
      const outcome = finish({ kind: 'written', records: lines.length, bytes: bytes.length });
      if (active.size >= context.segmentBytes) await this.seal();
      return outcome;
    } catch (error) {
      if (this.active) {
        this.active.size = goodSize;
        await this.cutBack(this.active);
      }
      return finish({ kind: 'dropped', records: lines.length, reason: 'failed', error: String(error) });
    }
  }

  /** Cuts a failed write back off the file; if even that fails, the next write starts a new line. */
  private async cutBack(active: { size: number; handle: FileHandle | undefined }): Promise<void> {
    try {
      await active.handle?.truncate(active.size);
      this.torn = false;
    } catch {
      this.torn = true;
    }
  }

  private async activeSegment(
    firstTimestamp: number,
    context: WriteContext,
  ): Promise<{ name: string; size: number; handle: FileHandle | undefined }> {
    const start = this.active ? startOf(this.active.name) : undefined;
    if (start !== undefined && firstTimestamp - start > context.segmentSpanMs) await this.seal();
    if (!this.active) {
      await mkdir(this.dir, { recursive: true });
      if (!existsSync(join(this.dir, 'group.json'))) await writeGroupMeta(this.dir, this.meta);
      this.active = { name: segmentName(firstTimestamp, this.seq++), size: 0, handle: undefined };
    }
    if (!this.active.handle) {
      this.active.handle = await open(join(this.dir, this.active.name), 'a');
      this.active.size = (await this.active.handle.stat()).size;
      context.opened(this);
    }
    return this.active;
  }

  /** Closes the segment being written; the next record starts a new one. */
  private async seal(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    await active.handle?.close().catch(() => undefined);
    this.segments.push({
      name: active.name,
      size: active.size,
      start: startOf(active.name),
      modified: Infinity,
      ...(this.activeLast !== undefined ? { end: this.activeLast } : {}),
    });
    this.activeLast = undefined;
  }
}

function newBatch(): Batch {
  let done!: (written: boolean) => void;
  const written = new Promise<boolean>((resolve) => (done = resolve));
  return { written, done, durable: false };
}
