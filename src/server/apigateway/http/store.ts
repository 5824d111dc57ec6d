import type { HttpApiAggregate, HttpApiRecord } from './model.js';

/** What a decision does to one HTTP API: write the whole aggregate, delete it, or leave it. */
export type HttpApiChange = { kind: 'put'; api: HttpApiAggregate } | { kind: 'delete' } | { kind: 'none' };

export interface HttpApiDecision<T> {
  change: HttpApiChange;
  result: T;
}

/** HTTP APIs, one aggregate per API, written by deciding inside a transaction. */
export interface HttpApiStore {
  /** Every API, in creation order. */
  list(): Promise<HttpApiRecord[]>;
  load(apiId: string): Promise<HttpApiAggregate | undefined>;
  /** Applies `decide`'s change atomically; a throw from `decide` changes nothing. */
  transact<T>(
    apiId: string,
    decide: (current: HttpApiAggregate | undefined) => HttpApiDecision<T>,
  ): Promise<T>;
}
