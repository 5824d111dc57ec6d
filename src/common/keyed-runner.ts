/**
 * Work serialized per key: each piece of work for a key starts after the previous one settled,
 * work for different keys runs concurrently. The loop of every durable engine (deployments,
 * executions) needs exactly this, so a step never races another step of the same thing.
 */
export class KeyedRunner {
  private readonly chains = new Map<string, Promise<void>>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `work` after everything queued for `key`; its failure goes to the caller only. */
  enqueue<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const result = previous.then(() => {
      if (this.closed) throw new Error('shutting down');
      return work();
    });
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return result;
  }

  /** Resolves once no key has work queued. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  /** Refuses new work and waits for the work already running. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.chains.values()]);
  }
}
