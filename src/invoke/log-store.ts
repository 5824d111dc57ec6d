import { createWriteStream, existsSync, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Log } from '../common/log.js';

/** Where invocation logs go: one stream per function and version. */
export interface LogSink {
  append(functionName: string, version: string, text: string): void;
}

/** Keeps at most this much per file before rotating it to `.1` (so two files at most). */
const ROTATE_BYTES = 8 * 1024 * 1024;
/** Log files kept open at once; the least recently written is closed beyond this. */
const OPEN_FILES = 64;

interface OpenLog {
  stream: WriteStream;
  size: number;
}

/**
 * Invocation logs on disk, `<dir>/<function>/<version>.log`: appended through a stream kept open
 * per file (in order, without a system call per invocation on the invoke path) and rotated once
 * past 8 MB.
 */
export class FileLogStore implements LogSink {
  private readonly open = new Map<string, OpenLog>();
  private readonly listeners = new Set<(functionName: string, version: string, text: string) => void>();

  constructor(
    private readonly dir: string,
    private readonly log: Log,
  ) {}

  append(functionName: string, version: string, text: string): void {
    const file = this.file(functionName, version);
    try {
      const entry = this.entry(file);
      if (entry.size > ROTATE_BYTES) {
        entry.stream.end();
        renameSync(file, `${file}.1`);
        entry.stream = this.stream(file);
        entry.size = 0;
      }
      entry.stream.write(text);
      entry.size += Buffer.byteLength(text);
    } catch (error) {
      this.log.warn('could not write a function log', { file, error: String(error) });
    }
    for (const listener of this.listeners) listener(functionName, version, text);
  }

  /** Hears every appended log text (for following logs live). */
  subscribe(listener: (functionName: string, version: string, text: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A function's logs, per version, oldest first. */
  async read(functionName: string, version?: string): Promise<{ version: string; text: string }[]> {
    await this.flush();
    const dir = join(this.dir, functionName);
    if (!existsSync(dir)) return [];
    const files = (await readdir(dir)).filter((f) => f.endsWith('.log'));
    const versions = files.map((f) => f.slice(0, -'.log'.length)).filter((v) => !version || v === version);
    return Promise.all(
      versions.map(async (v) => {
        const base = this.file(functionName, v);
        const older = existsSync(`${base}.1`) ? await readFile(`${base}.1`, 'utf8') : '';
        return { version: v, text: older + (await readFile(base, 'utf8')) };
      }),
    );
  }

  /** Waits until everything appended so far is written. */
  async flush(): Promise<void> {
    await Promise.all(
      [...this.open.values()].map((e) => new Promise<void>((done) => e.stream.write('', () => done()))),
    );
  }

  async close(): Promise<void> {
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
    entry = { stream: this.stream(file), size: existsSync(file) ? statSync(file).size : 0 };
    this.open.set(file, entry);
    if (this.open.size > OPEN_FILES) {
      const [oldest, old] = this.open.entries().next().value as [string, OpenLog];
      old.stream.end();
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

  private file(functionName: string, version: string): string {
    return join(this.dir, functionName, `${version}.log`);
  }
}
