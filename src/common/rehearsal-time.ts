import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaledClock, type Clock, type Timer } from './clock.js';

/** How often a scaled timeline is written down (a crash loses at most this much wall time of it). */
const SAVE_EVERY_MS = 1000;

interface Saved {
  /** The scaled clock's time when saved. */
  platform: number;
  /** The wall clock's time when saved. */
  wall: number;
}

/**
 * The platform clock under `--time-scale`: scaled time that continues across restarts. Deadlines
 * are persisted in platform time, so a restart must not send the timeline back to the wall clock;
 * it resumes where it was, plus the wall time spent down.
 */
export function rehearsalClock(dataDir: string, scale: number, wall: Clock): { clock: Clock; stop(): void } {
  const file = join(dataDir, 'clock.json');
  let startAt: number | undefined;
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    startAt = Math.max(wall.now(), saved.platform + (wall.now() - saved.wall));
  }
  const clock = scaledClock(scale, wall, startAt);
  const save = (): void => {
    const temp = `${file}.tmp`;
    writeFileSync(temp, JSON.stringify({ platform: clock.now(), wall: wall.now() } satisfies Saved));
    renameSync(temp, file);
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
