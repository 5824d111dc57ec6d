import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../common/log.js';

/** Where invocation logs go: one stream per function and version. */
export interface LogSink {
  append(functionName: string, version: string, text: string): void;
}

/** Keeps at most this much per file before rotating it to `.1` (so two files at most). */
const ROTATE_BYTES = 8 * 1024 * 1024;

/**
 * Invocation logs on disk, `<dir>/<function>/<version>.log`, appended in order (one write chain
 * per file, off the invoke path) and rotated once they grow past 8 MB.
 */
export class FileLogStore implements LogSink {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(functionName: string, version: string, text: string) => void>();

  constructor(
    private readonly dir: string,
    private readonly log: Log,
  ) {}

  append(functionName: string, version: string, text: string): void {
    const file = this.file(functionName, version);
    const previous = this.chains.get(file) ?? Promise.resolve();
    const next = previous
      .then(() => this.write(file, text))
      .catch((error: unknown) =>
        this.log.warn('could not write a function log', { file, error: String(error) }),
      );
    this.chains.set(file, next);
    void next.then(() => {
      if (this.chains.get(file) === next) this.chains.delete(file);
    });
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

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  private file(functionName: string, version: string): string {
    return join(this.dir, functionName, `${version}.log`);
  }

  private async write(file: string, text: string): Promise<void> {
    const size = existsSync(file) ? (await stat(file)).size : -1;
    if (size < 0) await mkdir(join(file, '..'), { recursive: true });
    if (size > ROTATE_BYTES) await rename(file, `${file}.1`);
    await appendFile(file, text);
  }
}
