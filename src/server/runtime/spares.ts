import type { Log } from '../../common/log.js';

/**
 * A small stock of things that are slow to make (a network namespace with its helpers, a
 * formatted /tmp volume), made ahead so a cold start takes a ready one instead of waiting.
 * Taking one starts making its replacement in the background; an empty stock makes one on demand.
 */
export class Spares<T> {
  private readonly ready: T[] = [];
  private making = 0;
  private closed = false;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly make: () => Promise<T>,
    private readonly destroy: (item: T) => Promise<void>,
    private readonly target: number,
    private readonly log: Log,
    private readonly what: string,
  ) {}

  /** Starts filling the stock. */
  fill(): void {
    while (!this.closed && this.ready.length + this.making < this.target) {
      this.making += 1;
      const done = this.make().then(
        async (item) => {
          if (this.closed) await this.destroy(item);
          else this.ready.push(item);
        },
        (error: unknown) => this.log.warn(`could not prepare ${this.what}`, { error: String(error) }),
      );
      const tracked = done.finally(() => {
        this.making -= 1;
        this.pending.delete(tracked);
      });
      this.pending.add(tracked);
    }
  }

  /**
   * A ready one, or one made now. The stock is not refilled here: making the next one would take
   * CPU from the cold start that took this one; the caller calls `fill()` once it is done.
   */
  async take(): Promise<T> {
    return this.ready.shift() ?? (await this.make());
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pending]);
    await Promise.all(this.ready.splice(0).map((item) => this.destroy(item)));
  }
}
