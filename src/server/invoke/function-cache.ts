import type { Log } from '../../common/log.js';
import type { FunctionAggregate } from '../functions/model.js';
import type { Registry } from '../functions/registry.js';

/** Hears a function after it changed: now (undefined once deleted) and as it was cached before. */
export type ChangeListener = (
  name: string,
  agg: FunctionAggregate | undefined,
  before: FunctionAggregate | undefined,
) => void;

/**
 * Functions, versions and aliases as the invoke path sees them: held in memory and replaced
 * whenever the registry reports a change, so no invocation reads the database (only the first
 * one of a function after start, or after a change, waits for a load). A change is visible to
 * the very next invocation: the registry reports it right after its transaction commits.
 */
export class FunctionCache {
  private readonly entries = new Map<string, Promise<FunctionAggregate | undefined>>();
  /** What the current entry of each function resolved to, once it has: read without a promise. */
  private readonly loaded = new Map<string, FunctionAggregate>();
  /** Functions whose reload after a change failed: read again at their next use. */
  private readonly stale = new Set<string>();
  private reserved = 0;
  private readonly listeners = new Set<ChangeListener>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly registry: Registry,
    private readonly log: Log,
  ) {
    this.unsubscribe = registry.onChange((name) => this.changed(name));
  }

  /** Loads the account-wide figures once at start. */
  async start(): Promise<void> {
    this.reserved = await this.registry.reservedConcurrency();
  }

  /**
   * The function as held now, when its current load has finished (a warm invocation's case);
   * undefined otherwise (not loaded yet, reloading after a change, unknown): then `get`.
   */
  peek(name: string): FunctionAggregate | undefined {
    return this.stale.has(name) ? undefined : this.loaded.get(name);
  }

  get(name: string): Promise<FunctionAggregate | undefined> {
    // A reload that failed (the database out of reach) is tried again; what is held meanwhile serves.
    if (this.stale.delete(name)) this.changed(name);
    let entry = this.entries.get(name);
    if (!entry) {
      entry = this.registry.load(name);
      this.entries.set(name, entry);
      this.forgetIfMissing(name, entry);
    }
    return entry;
  }

  /** Sum of every function's reserved concurrency. */
  get totalReserved(): number {
    return this.reserved;
  }

  onChange(listener: ChangeListener): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.unsubscribe();
  }

  /** Functions held now (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Only functions that exist are held: a name that is not one (any caller can send any name)
   * is looked up again next time rather than remembered, so misses cost no memory.
   */
  private forgetIfMissing(name: string, entry: Promise<FunctionAggregate | undefined>): void {
    // A newer entry (a change meanwhile) supersedes: `loaded` follows the current entry only.
    this.loaded.delete(name);
    const forget = (): void => {
      if (this.entries.get(name) === entry) this.entries.delete(name);
    };
    entry.then((agg) => {
      if (this.entries.get(name) !== entry) return;
      if (agg) this.loaded.set(name, agg);
      else forget();
    }, forget);
  }

  private changed(name: string): void {
    const previous = this.entries.get(name);
    const entry = this.registry.load(name);
    // Only functions the invoke path has asked for stay in memory: creating thousands of
    // functions does not fill the cache, and an uncached one is read fresh when first invoked.
    if (previous) {
      // Unreadable now (the database out of reach): warm invocations keep what was held.
      const kept = entry.catch(() => previous);
      this.entries.set(name, kept);
      this.forgetIfMissing(name, kept);
    }
    Promise.all([entry, (previous ?? Promise.resolve(undefined)).catch(() => undefined)]).then(
      async ([agg, before]) => {
        this.reserved = await this.registry.reservedConcurrency().catch(() => this.reserved);
        for (const listener of this.listeners) listener(name, agg, before);
      },
      (error: unknown) => {
        if (previous) this.stale.add(name);
        this.log.warn('could not reload a changed function; will read it again at its next use', {
          function: name,
          error: String(error),
        });
      },
    );
  }
}
