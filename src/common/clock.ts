/**
 * Time as an input. Everything that waits or reads the time takes a Clock, so tests run on virtual
 * time and `--time-scale` compresses waits for rehearsal with the very same code.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch, as this clock sees it. */
  now(): number;
  /** Runs `fn` once after `ms` of this clock's time. */
  setTimer(ms: number, fn: () => void): Timer;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

function sleepOn(clock: Pick<Clock, 'setTimer'>, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}

export function realClock(): Clock {
  const clock: Clock = {
    now: () => Date.now(),
    setTimer(ms, fn) {
      const handle = setTimeout(fn, Math.max(0, ms));
      handle.unref();
      return { cancel: () => clearTimeout(handle) };
    },
    sleep: (ms) => sleepOn(clock, ms),
  };
  return clock;
}

/**
 * Real time running `scale` times faster from the moment it is made: a 10-minute wait takes
 * 10 real seconds at scale 60. It starts at `startAt` (default: the base clock's time), so a
 * restarted rehearsal can continue the timeline it had rather than jump back to the wall clock.
 */
export function scaledClock(scale: number, base: Clock = realClock(), startAt?: number): Clock {
  if (!(scale > 0)) throw new Error(`time scale must be positive, got ${scale}`);
  if (scale === 1 && startAt === undefined) return base;
  const origin = base.now();
  const start = startAt ?? origin;
  const clock: Clock = {
    now: () => start + (base.now() - origin) * scale,
    setTimer: (ms, fn) => base.setTimer(ms / scale, fn),
    sleep: (ms) => sleepOn(clock, ms),
  };
  return clock;
}

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock that only moves when told to. For tests: `await clock.advance(5 * MINUTE)`. */
export class VirtualClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];
  private seq = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  sleep(ms: number): Promise<void> {
    return sleepOn(this, ms);
  }

  /** Number of timers waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order and letting the work they start
   * settle (pending I/O and promises) before moving on.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await settle();
      const next = this.nextDue(target);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = target;
    await settle();
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/** Lets queued promise callbacks and immediate I/O callbacks run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/**
 * A monotonic reading in fractional milliseconds, for measuring how long something took (REPORT
 * durations); never for deciding anything, which takes a Clock.
 */
export function monotonicNow(): number {
  return performance.now();
}
