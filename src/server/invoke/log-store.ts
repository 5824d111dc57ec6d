import { createWriteStream, existsSync, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Log } from '../../common/log.js';

/** One invocation's log text, where it belongs. */
export interface LogEntry {
  /** The log group (`/aws/lambda/<function>` unless the function names another). */
  group: string;
  version: string;
  /** The environment's log stream. */
  stream: string;
  timestamp: number;
  text: string;
}

/** Where invocation logs go. */
export interface LogSink {
  append(entry: LogEntry): void;
}

/** One line of a log, as CloudWatch Logs returns it. */
export interface LogEvent {
  id: string;
  stream: string;
  timestamp: number;
  message: string;
}

/** Keeps at most this much per file before rotating it to `.1` (so two files at most). */
const ROTATE_BYTES = 8 * 1024 * 1024;
/** Log files kept open at once; the least recently written is closed beyond this. */
const OPEN_FILES = 64;

interface OpenLog {
  stream: WriteStream;
  size: number;
  /** Appended since the last write: written together, a few times a second at most. */
  pending: string;
}

/** How long appended text may wait to be written (one write for many invocations under load). */
const FLUSH_MS = 25;

/**
 * Invocation logs on disk, one file per log group and version
 * (`<dir>/<encoded group>/<version>.jsonl`, a JSON line per invocation), appended in batches
 * through streams kept open (no system call per invocation) and rotated past 8 MB.
 */
export class FileLogStore implements LogSink {
  private readonly open = new Map<string, OpenLog>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly dir: string,
    private readonly log: Log,
  ) {}

  append(entry: LogEntry): void {
    const file = this.file(entry.group, entry.version);
    const text = entry.text.endsWith('\n') ? entry.text.slice(0, -1) : entry.text;
    try {
      this.entry(file).pending += JSON.stringify({ t: entry.timestamp, s: entry.stream, m: text }) + '\n';
    } catch (error) {
      this.log.warn('could not write a function log', { file, error: String(error) });
    }
    // A timer for performance only (not a decision), so not the Clock: batches writes.
    this.flushTimer ??= setTimeout(() => this.writePending(), FLUSH_MS).unref();
  }

  private writePending(): void {
    this.flushTimer = undefined;
    for (const [file, open] of this.open) {
      if (!open.pending) continue;
      try {
        if (open.size > ROTATE_BYTES) {
          open.stream.end();
          renameSync(file, `${file}.1`);
          open.stream = this.stream(file);
          open.size = 0;
        }
        open.stream.write(open.pending);
        open.size += Buffer.byteLength(open.pending);
      } catch (error) {
        this.log.warn('could not write a function log', { file, error: String(error) });
      }
      open.pending = '';
    }
  }

  /** Log groups with logs. */
  async groups(): Promise<string[]> {
    if (!existsSync(this.dir)) return [];
    return (await readdir(this.dir)).map(decodeURIComponent).sort();
  }

  /** A group's events in time order, or undefined when the group has no logs. */
  async events(
    group: string,
    filter: { streams?: readonly string[]; start?: number; end?: number } = {},
  ): Promise<LogEvent[] | undefined> {
    await this.flush();
    const dir = join(this.dir, encodeURIComponent(group));
    if (!existsSync(dir)) return undefined;
    const events: LogEvent[] = [];
    const files = (await readdir(dir)).filter((f) => /\.jsonl(\.1)?$/.test(f)).sort();
    for (const name of files) {
      const entries = (await readFile(join(dir, name), 'utf8')).split('\n');
      entries.forEach((entry, n) => {
        if (!entry) return;
        const { t, s, m } = JSON.parse(entry) as { t: number; s: string; m: string };
        if (filter.start !== undefined && t < filter.start) return;
        if (filter.end !== undefined && t > filter.end) return;
        if (filter.streams && !filter.streams.includes(s)) return;
        m.split('\n').forEach((message, line) => {
          events.push({ id: `${t}-${name}-${n}-${line}`, stream: s, timestamp: t, message });
        });
      });
    }
    return events.sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Waits until everything appended so far is written. */
  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.writePending();
    await Promise.all(
      [...this.open.values()].map((e) => new Promise<void>((done) => e.stream.write('', () => done()))),
    );
  }

  async close(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.writePending();
    await Promise.all(
      [...this.open.values()].map((e) => new Promise<void>((done) => e.stream.end(() => done()))),
    );
    this.open.clear();
  }

  private entry(file: string): OpenLog {
    let entry = this.open.get(file);
    if (entry) {
      // Most recently written last, for closing the oldest.
      this.open.delete(file);
      this.open.set(file, entry);
      return entry;
    }
    mkdirSync(dirname(file), { recursive: true });
    entry = { stream: this.stream(file), size: existsSync(file) ? statSync(file).size : 0, pending: '' };
    this.open.set(file, entry);
    if (this.open.size > OPEN_FILES) {
      const [oldest, old] = this.open.entries().next().value as [string, OpenLog];
      old.stream.end(old.pending);
      this.open.delete(oldest);
    }
    return entry;
  }

  private stream(file: string): WriteStream {
    const stream = createWriteStream(file, { flags: 'a' });
    stream.on('error', (error) =>
      this.log.warn('could not write a function log', { file, error: String(error) }),
    );
    return stream;
  }

  private file(group: string, version: string): string {
    return join(this.dir, encodeURIComponent(group), `${version}.jsonl`);
  }
}
