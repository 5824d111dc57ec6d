import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaledClock, type Clock, type Timer } from './clock.js';
import { silentLog, type Log } from './log.js';

/** How often a scaled timeline is written down (a crash loses at most this much wall time of it). */
const SAVE_EVERY_MS = 1000;

interface Saved {
  /** The scaled clock's time when saved. */
  platform: number;
  /** The wall clock's time when saved. */
  wall: number;
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
  const file = join(dataDir, 'clock.json');
  const saved = readSaved(file, log);
  const startAt = saved ? Math.max(wall.now(), saved.platform + (wall.now() - saved.wall)) : undefined;
  const clock = scaledClock(scale, wall, startAt);
  let failing = false;
  const save = (): void => {
    try {
      write(file, JSON.stringify({ platform: clock.now(), wall: wall.now() } satisfies Saved));
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
