import type {
  AliasRecord,
  FunctionAggregate,
  FunctionConfig,
  FunctionRecord,
  VersionRecord,
} from '../registry/model.js';

/**
 * The durable state of gradual, behind one interface. SQLite implements it by default; a
 * PostgreSQL implementation for multi-node mode implements the same interface.
 *
 * Writes follow one pattern: the caller passes a pure, synchronous `decide` function that sees the
 * current state and returns the changes to make. The store runs it inside a transaction holding
 * the write lock and applies its changes atomically, so a decision never acts on stale state and
 * a crash never leaves half of one behind.
 */
export interface Store {
  readonly functions: FunctionStore;
  readonly provisioned: ProvisionedConcurrencyStore;
  readonly asyncInvocations: AsyncInvocationStore;
  close(): Promise<void>;
}

export type FunctionChange =
  | { kind: 'putFunction'; fn: FunctionRecord }
  | { kind: 'deleteFunction'; name: string }
  | { kind: 'putVersion'; version: VersionRecord }
  | { kind: 'deleteVersion'; functionName: string; version: number }
  | { kind: 'putAlias'; alias: AliasRecord }
  | { kind: 'deleteAlias'; functionName: string; name: string };

export interface Decision<T> {
  changes: readonly FunctionChange[];
  result: T;
}

/** Account-wide facts a function decision may depend on, read in the same transaction. */
export interface AccountTotals {
  /** Sum of reserved concurrency over every other function. */
  reservedConcurrencyElsewhere: number;
}

export type Decide<T> = (current: FunctionAggregate | undefined, totals: AccountTotals) => Decision<T>;

/** A position in the list of all function configurations: version 0 stands for `$LATEST`. */
export interface ConfigCursor {
  functionName: string;
  version: number;
}

export interface ListedConfig extends ConfigCursor {
  config: FunctionConfig;
}

/** Account-wide totals for GetAccountSettings. */
export interface AccountUsage {
  functionCount: number;
  /** Bytes of code over `$LATEST` and every version. */
  totalCodeSize: number;
  reservedConcurrency: number;
}

export interface FunctionStore {
  load(name: string): Promise<FunctionAggregate | undefined>;
  /** Applies `decide`'s changes atomically and returns its result; a throw from `decide` changes nothing. */
  transact<T>(name: string, decide: Decide<T>): Promise<T>;
  /** Configurations in (name, version) order after `after`; `$LATEST` only unless `allVersions`. */
  listConfigs(options: {
    after?: ConfigCursor;
    limit: number;
    allVersions: boolean;
  }): Promise<ListedConfig[]>;
  /** Names of functions whose create or update has not settled yet. */
  listUnsettled(): Promise<string[]>;
  /** Every code package some function or version refers to (hex SHA-256). */
  referencedCode(): Promise<Set<string>>;
  usage(): Promise<AccountUsage>;
  /** Every alias of every function, to warm the routing cache. */
  listAllAliases(): Promise<AliasRecord[]>;
}

/** A provisioned concurrency configuration of a version or alias. */
export interface ProvisionedConcurrencyRecord {
  functionName: string;
  qualifier: string;
  requested: number;
  /** Milliseconds since the epoch. */
  lastModified: number;
}

export interface ProvisionedConcurrencyStore {
  put(record: ProvisionedConcurrencyRecord): Promise<void>;
  delete(functionName: string, qualifier: string): Promise<void>;
  /** Every configuration, or a function's. */
  list(functionName?: string): Promise<ProvisionedConcurrencyRecord[]>;
}

/** An `Event` invocation waiting for its (next) attempt. */
export interface AsyncInvocationRecord {
  requestId: string;
  functionName: string;
  qualifier: string | undefined;
  payload: Buffer;
  /** Attempts made so far. */
  attempts: number;
  nextAttemptAt: number;
  enqueuedAt: number;
}

export interface AsyncInvocationStore {
  add(record: AsyncInvocationRecord): Promise<void>;
  reschedule(requestId: string, attempts: number, nextAttemptAt: number): Promise<void>;
  remove(requestId: string): Promise<void>;
  list(): Promise<AsyncInvocationRecord[]>;
}
