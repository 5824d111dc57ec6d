/**
 * At most `limit` pieces of work at once; the rest wait their turn in arrival order. The engine
 * steps deployments through one: a thousand deployments created at once then step a few dozen
 * at a time, leaving the API (and the deployments being created) their share of the process.
 */
export class RunLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((go) => this.waiting.push(go));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Pieces of work waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }
}
