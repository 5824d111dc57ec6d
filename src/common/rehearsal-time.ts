import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaledClock, type Clock, type Timer } from './clock.js';
import { silentLog, type Log } from './log.js';
import { assertNever } from './errors.js';

/** How often a scaled timeline is written down (a crash loses at most this much wall time of it). */
const SAVE_EVERY_MS = 1000;

interface Saved {
  /** The scaled clock's time when saved. */
  platform: number;
  /** The wall clock's time when saved. */
  wall: number;
  /** The scale it ran at (absent in files written before it was kept). */
  scale?: number;
}

const CLOCK_FILE = 'clock.json';
/** Present once a server has stored anything in the data dir. */
const DATABASE_FILE = 'gradual.db';

/** Whose time a data dir's records are in. */
export type Timeline =
  { kind: 'fresh' } | { kind: 'real' } | { kind: 'rehearsal'; scale: number | undefined; aheadMs: number };

export function readTimeline(dataDir: string): Timeline {
  const file = join(dataDir, CLOCK_FILE);
  if (existsSync(file)) {
    // A damaged file (a crash or a full disk) still says a rehearsal ran here.
    const saved = readSaved(file, silentLog);
    return { kind: 'rehearsal', scale: saved?.scale, aheadMs: saved ? saved.platform - saved.wall : 0 };
  }
  return existsSync(join(dataDir, DATABASE_FILE)) ? { kind: 'real' } : { kind: 'fresh' };
}

function hoursAndMinutes(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * A rehearsal's records are dated by a clock running ahead of the real one: a real-time server
 * on them would sort its new deployments under hours-old future ones, and a rehearsal on a
 * real-time data dir would do the same the other way. Each data dir keeps one timeline; this
 * says why a start would mix them, or undefined when it would not.
 */
export function timelineConflict(timeline: Timeline, scale: number, dataDir: string): string | undefined {
  switch (timeline.kind) {
    case 'fresh':
      return undefined;
    case 'real':
      return scale === 1
        ? undefined
        : `${dataDir} holds a real-time timeline: a rehearsal there would date its deployments, metrics and logs ahead of it. Rehearse in a data dir of its own (without --data-dir, --time-scale uses ./.gradual-rehearsal).`;
    case 'rehearsal': {
      if (scale !== 1) return undefined;
      const was = timeline.scale ? ` (--time-scale ${timeline.scale})` : '';
      return `${dataDir} holds a rehearsal's timeline${was}, ${hoursAndMinutes(timeline.aheadMs)} ahead of the real clock: continue it with --time-scale, or use another --data-dir for real time (remove ${dataDir} to drop the rehearsal).`;
    }
    default:
      return assertNever(timeline);
  }
}

/** How the timeline is written: replaced atomically (aside, then renamed). Tests pass a failing one. */
export type WriteAtomically = (file: string, text: string) => void;

const writeAtomically: WriteAtomically = (file, text) => {
  const temp = `${file}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
};

function readSaved(file: string, log: Log): Saved | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<Saved>;
    if (typeof saved.platform === 'number' && typeof saved.wall === 'number') return saved as Saved;
  } catch {
    // reported below
  }
  log.warn('clock.json is unreadable: the rehearsal timeline continues from the wall clock', { file });
  return undefined;
}

/**
 * The platform clock under `--time-scale`: scaled time that continues across restarts. Deadlines
 * are persisted in platform time, so a restart must not send the timeline back to the wall clock;
 * it resumes where it was, plus the wall time spent down. Saving never throws: on a full disk the
 * timeline keeps running in memory (a crash then loses more of it) and the log says so once.
 */
export function rehearsalClock(
  dataDir: string,
  scale: number,
  wall: Clock,
  log: Log = silentLog,
  write: WriteAtomically = writeAtomically,
): { clock: Clock; stop(): void } {
  const file = join(dataDir, CLOCK_FILE);
  const saved = readSaved(file, log);
  const startAt = saved ? Math.max(wall.now(), saved.platform + (wall.now() - saved.wall)) : undefined;
  const clock = scaledClock(scale, wall, startAt);
  let failing = false;
  const save = (): void => {
    try {
      write(file, JSON.stringify({ platform: clock.now(), wall: wall.now(), scale } satisfies Saved));
      if (failing) log.info('the rehearsal timeline is saved again', { file });
      failing = false;
    } catch (error) {
      if (!failing) {
        log.warn('could not save the rehearsal timeline (it keeps running; a crash would lose it)', {
          file,
          error: String(error),
        });
      }
      failing = true;
    }
  };
  save();
  let timer: Timer | undefined;
  const tick = (): void => {
    save();
    timer = wall.setTimer(SAVE_EVERY_MS, tick);
  };
  timer = wall.setTimer(SAVE_EVERY_MS, tick);
  return {
    clock,
    stop() {
      timer?.cancel();
      save();
    },
  };
}
