import { statfsSync } from 'node:fs';
import type { Clock, Timer } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import { OutOfSpaceError } from './out-of-space.js';
import type { SpaceReserve } from './space-reserve.js';
import {
  decideAddition,
  DEFAULT_SPACE_OPTIONS,
  formatBytes,
  levelOf,
  reserveAction,
  SpaceLevel,
  type Addition,
  type SpaceOptions,
} from './space-rules.js';

export interface SpaceReading {
  freeBytes: number;
  totalBytes: number;
}

/** Reads the free space of the file system holding `dir` (what an unprivileged writer may use). */
export function statfsReading(dir: string): SpaceReading {
  const s = statfsSync(dir);
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}

export interface DiskSpaceDeps {
  dir: string;
  /** The reserve file, released when something fills the disk to the brim. */
  reserve?: SpaceReserve;
  /** Real time: how old a reading may be, and how often the watch looks. */
  wallClock: Clock;
  log: Log;
  read?: (dir: string) => SpaceReading;
}

export interface DiskSpaceStatus extends SpaceReading {
  level: SpaceLevel;
  reserveBytes: number;
  /** Writes refused so far, by what they would have stored. */
  refused: Readonly<Record<Addition['kind'], number>>;
}

/** A reading is reused for this long: admissions on the hot path cost no system call. */
const READING_MAX_AGE_MS = 250;
const WATCH_EVERY_MS = 5_000;

/**
 * The data dir's free space, watched: a reading every few seconds (fresher ones on demand), a
 * warning in the server log when the level changes, and the admission of writes that add data.
 */
export class DiskSpace {
  private last: (SpaceReading & { at: number }) | undefined;
  private level: SpaceLevel = SpaceLevel.ok;
  private timer: Timer | undefined;
  /** Whether the reserve was ever released: only then is its restoration news. */
  private reserveReleased = false;
  private readonly listeners = new Set<(level: SpaceLevel) => void>();
  private readonly refused: Record<Addition['kind'], number> = {
    code: 0,
    event: 0,
    deployment: 0,
    alarm: 0,
    log: 0,
  };

  constructor(
    private readonly deps: DiskSpaceDeps,
    readonly options: SpaceOptions = DEFAULT_SPACE_OPTIONS,
  ) {}

  get dir(): string {
    return this.deps.dir;
  }

  /** Starts the watch; never throws (a failed reading is logged and retried). */
  start(): void {
    this.check();
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.deps.reserve?.settled();
  }

  /** Calls `listener` whenever the level changes (a space freed, a threshold crossed). */
  onLevel(listener: (level: SpaceLevel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current reading, at most a quarter of a second old; undefined when it cannot be read. */
  reading(): SpaceReading | undefined {
    const now = this.deps.wallClock.now();
    if (this.last && now - this.last.at < READING_MAX_AGE_MS) return this.last;
    try {
      this.last = { ...(this.deps.read ?? statfsReading)(this.deps.dir), at: now };
    } catch (error) {
      this.deps.log.warn('could not read the free space of the data dir', {
        dir: this.deps.dir,
        error: String(error),
      });
      return undefined;
    }
    this.observe(this.last.freeBytes);
    return this.last;
  }

  /** Forgets the cached reading (after deleting files, so the next admission sees the room). */
  refresh(): void {
    this.last = undefined;
    this.reading();
  }

  /** True when writes that add data would be refused now. */
  get full(): boolean {
    this.reading();
    return this.level === SpaceLevel.full;
  }

  /** Throws OutOfSpaceError when storing `addition` would eat into the reserve. */
  admit(addition: Addition): void {
    const reading = this.reading();
    // Unknown free space: let the write try (it fails on its own if the disk really is full).
    if (!reading) return;
    const decision = decideAddition(addition, reading.freeBytes, this.deps.dir, this.options);
    if (decision.kind === 'admit') return;
    this.refused[addition.kind] += 1;
    throw new OutOfSpaceError(decision.shortage);
  }

  /** Counts a write that was dropped (logs) rather than refused to a caller. */
  countRefused(kind: Addition['kind']): void {
    this.refused[kind] += 1;
  }

  status(): DiskSpaceStatus {
    const reading = this.reading() ?? { freeBytes: NaN, totalBytes: NaN };
    return {
      ...reading,
      level: this.level,
      reserveBytes: this.options.reserveBytes,
      refused: { ...this.refused },
    };
  }

  private keepReserve(freeBytes: number): void {
    const reserve = this.deps.reserve;
    if (!reserve) return;
    const action = reserveAction(freeBytes, reserve.isHeld, this.options);
    let released = false;
    try {
      released = action === 'release' && reserve.release();
    } catch (error) {
      this.deps.log.error('could not release the space reserve', { error: String(error) });
    }
    if (released) {
      this.last = undefined;
      this.reserveReleased = true;
      this.deps.log.warn(
        'the data dir disk is full: released the space reserve so deletes, alias changes and rollbacks can proceed',
        { dir: this.deps.dir, released: formatBytes(reserve.bytes) },
      );
    } else if (action === 'restore') {
      reserve.restore((restored) => {
        this.last = undefined;
        if (!restored) return;
        if (this.reserveReleased) this.deps.log.info('the space reserve is back', { dir: this.deps.dir });
        else
          this.deps.log.debug('made the space reserve', {
            dir: this.deps.dir,
            bytes: formatBytes(reserve.bytes),
          });
      });
    }
  }

  private check(): void {
    this.last = undefined;
    this.reading();
    this.timer = this.deps.wallClock.setTimer(WATCH_EVERY_MS, () => this.check());
  }

  private observe(freeBytes: number): void {
    this.keepReserve(freeBytes);
    const level = levelOf(freeBytes, this.options);
    if (level === this.level) return;
    const previous = this.level;
    this.level = level;
    const fields = {
      dir: this.deps.dir,
      free: formatBytes(freeBytes),
      reserve: formatBytes(this.options.reserveBytes),
    };
    if (level === SpaceLevel.full) {
      this.deps.log.warn(
        'the data dir is nearly full: refusing new code, events, deployments and logs until space is freed (deletes, alias changes and rollbacks still work)',
        fields,
      );
    } else if (level === SpaceLevel.low) {
      this.deps.log.warn(
        previous === SpaceLevel.full
          ? 'the data dir has room again: accepting writes, but space is low'
          : 'the data dir is running low on space',
        { ...fields, warnBelow: formatBytes(this.options.warnBytes) },
      );
    } else {
      this.deps.log.info('the data dir has room again', fields);
    }
    for (const listener of this.listeners) {
      try {
        listener(level);
      } catch (error) {
        this.deps.log.error('a free-space listener failed', { error: String(error) });
      }
    }
  }
}
