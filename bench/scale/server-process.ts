import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const CREDENTIALS = {
  accessKeyId: 'AKIDBENCHSCALE000001',
  secretAccessKey: 'bench-scale-secret-key-0000000001',
};

/** A `gradual serve` in its own process (as users run it, from the compiled dist/), measured from outside. */
export interface ServerProcess {
  url: string;
  pid: number;
  dataDir: string;
  /** Lines the server wrote to stderr (its log). */
  log: string[];
  /** Resident set size of the server process alone (its function processes not included). */
  rssBytes(): number;
  /** Bytes under the data dir. */
  dataDirBytes(): number;
  /** CPU time the server process has used so far (user + system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Compiles gradual (incrementally) so the benchmark runs what `npm start` runs. */
export function build(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

export async function startServerProcess(dataDir: string, args: string[] = []): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
      ...(process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
      join(ROOT, 'dist/main.js'),
      'serve',
      '--port',
      '0',
      '--gateway-port',
      '0',
      '--data-dir',
      dataDir,
      ...args,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        GRADUAL_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        GRADUAL_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      },
    },
  );
  // The server goes with the benchmark, even when a failure ends it early.
  const reap = (): void => void child.kill('SIGKILL');
  process.on('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const log: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const lines = stderr.split('\n');
    stderr = lines.pop() ?? '';
    log.push(...lines);
  });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /gradual is listening on (http:\/\/\S+)/.exec(out);
      if (match) done(match[1]!);
    });
    child.once('exit', (code) => fail(new Error(`the server exited (${code}):\n${log.join('\n')}`)));
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    dataDir,
    log,
    rssBytes: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
    },
    dataDirBytes: () => sizeOf(dataDir),
    cpuMs: () => {
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime, stime in ticks.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    },
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

function sizeOf(path: string): number {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return 0; // removed while we looked (retention, a rotation)
  }
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch {
    return 0;
  }
  for (const entry of entries) total += sizeOf(join(path, entry));
  return total;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
