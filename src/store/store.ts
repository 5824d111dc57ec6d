import type {
  AliasRecord,
  FunctionAggregate,
  FunctionConfig,
  FunctionRecord,
  VersionRecord,
} from '../registry/model.js';
import type { DeployStore } from './deploy-store.js';
import type {
  AlarmHistoryItem,
  AlarmRecord,
  HistoryItemType,
  StoredHistoryItem,
} from '../metrics/alarms/alarm-model.js';
import type { Dimension } from '../metrics/metric-key.js';
import type { PolicyStore } from './policy-store.js';
import type { RestApiStore } from './rest-api-store.js';
import type { HttpApiStore } from './http-api-store.js';
import type { StatesStore } from '../server/states/store.js';

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
  readonly deploy: DeployStore;
  readonly provisioned: ProvisionedConcurrencyStore;
  readonly asyncInvocations: AsyncInvocationStore;
  readonly metrics: MetricStore;
  readonly alarms: AlarmStore;
  /** API Gateway REST APIs, their resources, deployments and stages. */
  readonly restApis: RestApiStore;
  /** API Gateway HTTP APIs (apigatewayv2): routes, integrations, AutoDeploy stages. */
  readonly httpApis: HttpApiStore;
  /** Lambda resource-based policies (AddPermission). */
  readonly policies: PolicyStore;
  readonly functionUrls: FunctionUrlStore;
  /** Step Functions: state machines, executions and their history. */
  readonly states: StatesStore;
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

/** A metric series as ListMetrics sees it. */
export interface SeriesRecord {
  /** The canonical series key (metrics/metric-key.ts). */
  key: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  /** Latest datapoint time written, seconds since the epoch. */
  lastSeen: number;
}

/**
 * Aggregated values of one series over one bucket. Several points may share a bucket (a bucket
 * flushed twice, late data); readers merge them.
 */
export interface StoredPoint {
  series: string;
  /** Bucket length in seconds: 1, 60 or 3600 by default. */
  resolution: number;
  /** Bucket start, seconds since the epoch. */
  ts: number;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Encoded quantile sketch (metrics/distribution.ts); null when percentiles are unavailable. */
  sketch: Uint8Array | null;
}

export interface PointQuery {
  series: string;
  resolution: number;
  /** Inclusive, seconds. */
  from: number;
  /** Exclusive, seconds. */
  to: number;
  unit?: string;
  /** Skip reading sketches when no percentile is wanted. */
  withSketch: boolean;
}

export interface SeriesQuery {
  namespace?: string;
  metricName?: string;
  /** Only series written at or after this time (seconds). */
  seenSince: number;
  /** Series keys after this one, in key order. */
  after?: string;
  limit: number;
}

/** Moves finer points into coarser buckets. */
export interface RollupStep {
  source: number;
  target: number;
  /** Seconds, aligned to `target`. */
  from: number;
  to: number;
}

/** Time series of CloudWatch metrics at several resolutions, with a rollup watermark per resolution. */
export interface MetricStore {
  /** Records the series (creating or touching them) and appends the points, atomically. */
  append(series: readonly SeriesRecord[], points: readonly StoredPoint[]): Promise<void>;
  read(query: PointQuery): Promise<StoredPoint[]>;
  listSeries(query: SeriesQuery): Promise<SeriesRecord[]>;
  /** Resolution -> time (seconds) up to which its points have been rolled up into coarser ones. */
  watermarks(): Promise<Map<number, number>>;
  /**
   * Reads the `source` points in [from, to), lets the pure `merge` turn them into `target`
   * points, writes those and advances the source's watermark to `to`, atomically.
   */
  rollup(step: RollupStep, merge: (points: StoredPoint[]) => StoredPoint[]): Promise<void>;
  /** Deletes the points of `resolution` older than `before` (seconds); returns how many. */
  prune(resolution: number, before: number): Promise<number>;
  /** Deletes series with no data since `before` (seconds). */
  pruneSeries(before: number): Promise<number>;
}

export type AlarmChange =
  | { kind: 'putAlarm'; alarm: AlarmRecord }
  | { kind: 'deleteAlarm'; name: string }
  | { kind: 'appendHistory'; item: AlarmHistoryItem };

export interface AlarmDecision<T> {
  changes: readonly AlarmChange[];
  result: T;
}

export interface HistoryQuery {
  alarmName?: string;
  type?: HistoryItemType;
  /** Inclusive, ms. */
  from?: number;
  /** Inclusive, ms. */
  to?: number;
  ascending: boolean;
  /** Items after this id in scan order. */
  after?: number;
  limit: number;
}

/** Metric alarms and their history. */
export interface AlarmStore {
  list(): Promise<AlarmRecord[]>;
  /**
   * Runs `decide` on the named alarms' current records (missing ones absent) inside a write
   * transaction and applies its changes atomically.
   */
  transact<T>(
    names: readonly string[],
    decide: (current: ReadonlyMap<string, AlarmRecord>) => AlarmDecision<T>,
  ): Promise<T>;
  history(query: HistoryQuery): Promise<StoredHistoryItem[]>;
  /** Deletes history older than `before` (ms). */
  pruneHistory(before: number): Promise<number>;
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
