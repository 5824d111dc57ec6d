import type { Log } from '../common/log.js';
import type { FunctionAggregate } from '../registry/model.js';
import type { Registry } from '../registry/registry.js';

/**
 * Functions, versions and aliases as the invoke path sees them: held in memory and replaced
 * whenever the registry reports a change, so no invocation reads the database (only the first
 * one of a function after start, or after a change, waits for a load). A change is visible to
 * the very next invocation: the registry reports it right after its transaction commits.
 */
export class FunctionCache {
  private readonly entries = new Map<string, Promise<FunctionAggregate | undefined>>();
  private reserved = 0;
  private readonly listeners = new Set<(name: string, agg: FunctionAggregate | undefined) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly registry: Registry,
    private readonly log: Log,
  ) {
    this.unsubscribe = registry.onChange((name) => this.changed(name));
  }

  /** Loads the account-wide figures once at start. */
  async start(): Promise<void> {
    this.reserved = (await this.registry.usage()).reservedConcurrency;
  }

  get(name: string): Promise<FunctionAggregate | undefined> {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = this.registry.load(name);
      this.entries.set(name, entry);
      entry.catch(() => this.entries.delete(name));
    }
    return entry;
  }

  /** Sum of every function's reserved concurrency. */
  get totalReserved(): number {
    return this.reserved;
  }

  /** Hears every function after it changed (undefined once deleted). */
  onChange(listener: (name: string, agg: FunctionAggregate | undefined) => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.unsubscribe();
  }

  private changed(name: string): void {
    const entry = this.registry.load(name);
    this.entries.set(name, entry);
    entry.then(
      async (agg) => {
        this.reserved = (await this.registry.usage()).reservedConcurrency;
        if (this.entries.get(name) !== entry) return; // a newer change follows
        for (const listener of this.listeners) listener(name, agg);
      },
      (error: unknown) => {
        this.entries.delete(name);
        this.log.error('could not reload a changed function', { function: name, error: String(error) });
      },
    );
  }
}
