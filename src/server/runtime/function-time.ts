import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../../common/clock.js';
import { faketimeEnv } from '../../common/faketime.js';

export { faketimeEnv, findLibfaketime } from '../../common/faketime.js';

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
