import type { Clock, Timer } from './clock.js';

/**
 * One timer for many sleepers: it is set for the earliest time anyone asked for. Durable
 * engines keep each sleeper's wake time in its row and use one of these to look for the due
 * ones, so a thousand waits (or a wait of a year) cost rows, not timers.
 */
export class WakeTimer {
  private timer: Timer | undefined;
  private target: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly fire: () => void,
  ) {}

  /** Makes sure the timer fires by `at`. */
  at(at: number): void {
    if (this.target !== undefined && this.target <= at) return;
    this.timer?.cancel();
    this.target = at;
    this.timer = this.clock.setTimer(at - this.clock.now(), () => {
      this.timer = undefined;
      this.target = undefined;
      this.fire();
    });
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.target = undefined;
  }
}
