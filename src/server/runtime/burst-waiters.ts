import type { Clock, Timer } from '../../common/clock.js';

/**
 * Invocations waiting in the burst queue (see burst-rules.ts). Each waits for the next change that
 * may let it run (an environment came free, an initialisation ended) or for its time in the queue
 * to run out, then asks again; a wake lets every waiter ask, in the order they came.
 */
export class BurstWaiters {
  private waiting: { resolve: () => void; timer: Timer | undefined }[] = [];

  constructor(private readonly clock: Pick<Clock, 'setTimer'>) {}

  get size(): number {
    return this.waiting.length;
  }

  /** Resolves at the next wake, or after `ms` (undefined: only at a wake). */
  next(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const waiter = { resolve, timer: undefined as Timer | undefined };
      if (ms !== undefined) {
        waiter.timer = this.clock.setTimer(ms, () => {
          this.waiting = this.waiting.filter((w) => w !== waiter);
          resolve();
        });
      }
      this.waiting.push(waiter);
    });
  }

  wake(): void {
    if (this.waiting.length === 0) return;
    for (const w of this.waiting.splice(0)) {
      w.timer?.cancel();
      w.resolve();
    }
  }
}
