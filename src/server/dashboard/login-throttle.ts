import type { Clock } from '../../common/clock.js';

/**
 * Slows down guessing: after `maxFailures` failed sign-ins within `windowMs`, further attempts are
 * refused until the oldest failure leaves the window. Generated secrets are far beyond guessing;
 * this is for secrets a user chose through the environment.
 */
export class LoginThrottle {
  private failures: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly options = { maxFailures: 20, windowMs: 60_000 },
  ) {}

  /** Milliseconds to wait before the next attempt is heard; 0 when one may be made now. */
  retryAfterMs(): number {
    this.prune();
    if (this.failures.length < this.options.maxFailures) return 0;
    return this.failures[0]! + this.options.windowMs - this.clock.now();
  }

  recordFailure(): void {
    this.prune();
    this.failures.push(this.clock.now());
  }

  private prune(): void {
    const since = this.clock.now() - this.options.windowMs;
    this.failures = this.failures.filter((at) => at > since);
  }
}
