import type { Store } from '../store.js';

/**
 * How a contract suite gets a store: `open` returns an empty store (a fresh SQLite file, or a
 * PostgreSQL database emptied) and `openAgain` a second store on the same data, as a second node
 * or a restarted process would see it.
 */
export interface StoreHarness {
  name: string;
  open(): Promise<Store>;
  openAgain(): Promise<Store>;
}

/** A value of a stored record type, built from the fields a test cares about. */
export function record<T>(fields: Record<string, unknown>): T {
  return fields as T;
}
