import type {
  AliasRecord,
  FunctionAggregate,
  FunctionConfig,
  FunctionRecord,
  VersionRecord,
} from './model.js';

/** The Lambda model's storage port: functions, versions, aliases, provisioned concurrency, URLs. */

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
  /** True when `$LATEST` or a version of some function uses the code package. */
  referencesCode(sha256Hex: string): Promise<boolean>;
  usage(): Promise<AccountUsage>;
  /** The sum of every function's reserved concurrency (cheap: read on every change). */
  reservedConcurrency(): Promise<number>;
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

/** A function URL's CORS settings, in the API's own member names. */
export interface FunctionUrlCors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

/** A function URL configuration: one per function (`$LATEST`) or alias. */
export interface FunctionUrlRecord {
  /** 32 lowercase alphanumerics: the URL's host label. */
  urlId: string;
  functionName: string;
  /** An alias name, or `$LATEST` for the unqualified function. */
  qualifier: string;
  authType: 'NONE' | 'AWS_IAM';
  cors: FunctionUrlCors | undefined;
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  /** Milliseconds since the epoch. */
  creationTime: number;
  lastModifiedTime: number;
}

export type FunctionUrlChange =
  | { kind: 'putUrl'; record: FunctionUrlRecord }
  | { kind: 'deleteUrl'; functionName: string; qualifier: string };

/** What a function URL decision sees of the function, read in the same transaction. */
export interface UrlOwner {
  /** Names of the function's aliases. */
  aliases: ReadonlySet<string>;
}

/** A decision on a function (undefined when it does not exist) and its URL configurations. */
export type UrlDecide<T> = (
  owner: UrlOwner | undefined,
  urls: readonly FunctionUrlRecord[],
) => { changes: readonly FunctionUrlChange[]; result: T };

/**
 * Function URL configurations. Deleting a function (or one of its aliases) deletes its URL
 * configurations in the same transaction (the schema cascades).
 */
export interface FunctionUrlStore {
  /** Runs `decide` on the function (undefined when it does not exist) and its URL configs, atomically. */
  transact<T>(functionName: string, decide: UrlDecide<T>): Promise<T>;
  /** Every configuration, or a function's, by qualifier. */
  list(functionName?: string): Promise<FunctionUrlRecord[]>;
}
