import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../../common/clock.js';

/**
 * The clock functions live on. At scale 1 it is real time. Under `--time-scale N` it is the
 * platform's own scaled clock, and every runtime process is put on it with libfaketime
 * (LD_PRELOAD): wall-clock reads (`Date`, `time.time`, `datetime`, `date`) show the platform's
 * time, and sleeps and timers run N times faster, so a function that asks CloudWatch for "the
 * last minute" sees the minute the server recorded. Timeouts, deadlines, Duration and log
 * timestamps are measured on the same clock.
 */
export interface FunctionTime {
  readonly clock: Clock;
  /** How many times faster than real time `clock` runs. */
  readonly scale: number;
  /** Variables that put a process started now on `clock` (none at scale 1). */
  processEnv(): Record<string, string>;
  /** The library's folder, when a sandbox must show it (outside /usr, which it always shows). */
  readonly libraryDir: string | undefined;
  /** Forgets what the library kept for a process that has ended (it cleans up only on exit). */
  release(pid: number): void;
}

export function realFunctionTime(wall: Clock): FunctionTime {
  return { clock: wall, scale: 1, processEnv: () => ({}), libraryDir: undefined, release: () => {} };
}

export function scaledFunctionTime(clock: Clock, wall: Clock, scale: number, library: string): FunctionTime {
  const dir = dirname(library);
  return {
    clock,
    scale,
    processEnv: () => faketimeEnv(clock.now() - wall.now(), scale, library),
    libraryDir: dir === '/usr' || dir.startsWith('/usr/') ? undefined : dir,
    release: (pid) => releaseShared(pid),
  };
}

/**
 * The first process to load libfaketime (the environment's launcher, whose pid is the
 * environment's) keeps the clock's start in shared memory for its children; a process killed
 * (timeouts, stops) never removes it, and a later process with the same pid would fail on it.
 */
export function releaseShared(pid: number, shm = '/dev/shm'): void {
  rmSync(join(shm, `faketime_shm_${pid}`), { force: true });
  rmSync(join(shm, `sem.faketime_sem_${pid}`), { force: true });
}

/**
 * libfaketime's settings for a clock `offsetMs` ahead of real time, running `scale` times
 * faster from the moment the process loads the library. That moment comes a few real
 * milliseconds after this is computed, so the process starts slightly behind (at 60x, about a
 * second); gradual's own bootstraps correct it once against the Runtime API before the
 * function's code runs, which is why changes to FAKETIME must take effect at once (no cache).
 */
export function faketimeEnv(offsetMs: number, scale: number, library: string): Record<string, string> {
  const sign = offsetMs < 0 ? '-' : '+';
  return {
    LD_PRELOAD: library,
    FAKETIME: `${sign}${(Math.abs(offsetMs) / 1000).toFixed(3)} x${scale}`,
    // Child processes (a shell bootstrap's `date` and `sleep`) continue this clock, not restart it.
    FAKETIME_DONT_RESET: '1',
    FAKETIME_NO_CACHE: '1',
  };
}

/** The multi-threaded build (node and python run threads), where Debian's libfaketime puts it. */
const LIBRARY = 'libfaketimeMT.so.1';

/** Debian's multiarch folders first (`/usr/lib/<triplet>/faketime`), then the plain ones. */
export function findLibfaketime(
  roots: readonly string[] = ['/usr/lib', '/usr/local/lib'],
): string | undefined {
  for (const root of roots) {
    const direct = join(root, 'faketime', LIBRARY);
    if (existsSync(direct)) return direct;
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const candidate = join(root, entry, 'faketime', LIBRARY);
      if (entry.includes('-linux-') && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Put in a variable's place: a preload the function sets itself still loads, after ours. */
export function mergePreload(ours: string, theirs: string | undefined): string {
  return theirs ? `${ours}:${theirs}` : ours;
}

/**
 * A timeout under --time-scale also counts the function's computing, which does not get faster:
 * the log says how much real time the Timeout gave it, and what to do.
 */
export function rehearsalTimeoutHint(timeoutSeconds: number, scale: number): string {
  if (scale === 1) return '';
  const real = (timeoutSeconds * 1000) / scale;
  const shown = real < 1000 ? `${real.toFixed(0)} ms` : `${(real / 1000).toFixed(1)} s`;
  return `gradual: at --time-scale ${scale} a Timeout of ${timeoutSeconds} s is ${shown} of real time; raise Timeout or lower --time-scale if the function needs longer\n`;
}
