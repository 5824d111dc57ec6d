/**
 * Lambda's model as gradual stores it: a function's `$LATEST` configuration, immutable published
 * versions (snapshots of code and configuration), and aliases that route between two versions.
 */

export const FunctionState = {
  Pending: 'Pending',
  Active: 'Active',
  Failed: 'Failed',
} as const;
export type FunctionState = (typeof FunctionState)[keyof typeof FunctionState];

export const UpdateStatus = {
  InProgress: 'InProgress',
  Successful: 'Successful',
  Failed: 'Failed',
} as const;
export type UpdateStatus = (typeof UpdateStatus)[keyof typeof UpdateStatus];

/** A code package, addressed by content. */
export interface CodeRef {
  /** Hex SHA-256 of the zip: the key in the code store. */
  sha256Hex: string;
  /** Size of the zip in bytes. */
  size: number;
  /** Total size of the unzipped files in bytes. */
  unzippedSize: number;
}

/** Everything a version freezes. `$LATEST` holds the same shape, plus its lifecycle fields. */
export interface FunctionConfig {
  runtime: string;
  role: string;
  handler: string;
  description: string;
  timeout: number;
  memorySize: number;
  /** Undefined when no Environment was ever given (then omitted from responses). */
  environment: Record<string, string> | undefined;
  architecture: 'x86_64' | 'arm64';
  ephemeralStorage: number;
  tracingMode: 'Active' | 'PassThrough';
  logFormat: 'Text' | 'JSON';
  logGroup: string | undefined;
  code: CodeRef;
  revisionId: string;
  /** Milliseconds since the epoch. */
  lastModified: number;
  state: FunctionState;
  stateReason: string | undefined;
  stateReasonCode: string | undefined;
  /** Undefined until the first update settles (AWS omits it on create). */
  lastUpdateStatus: UpdateStatus | undefined;
  lastUpdateStatusReason: string | undefined;
  lastUpdateStatusReasonCode: string | undefined;
}

export interface FunctionRecord {
  name: string;
  latest: FunctionConfig;
  /** Highest version number ever published; numbers are never reused. */
  lastVersion: number;
  /** True when `$LATEST` was created or updated since the last publish. */
  changedSincePublish: boolean;
  reservedConcurrency: number | undefined;
  tags: Record<string, string>;
}

export interface VersionRecord {
  functionName: string;
  version: number;
  config: FunctionConfig;
}

/** A weighted extra version: `weight` of the traffic goes to `version`, the rest to the alias's own. */
export interface AdditionalVersion {
  version: string;
  weight: number;
}

export interface AliasRecord {
  functionName: string;
  name: string;
  functionVersion: string;
  description: string;
  routing: AdditionalVersion | undefined;
  revisionId: string;
}

/** A function with everything that belongs to it: the unit every write is decided on. */
export interface FunctionAggregate {
  fn: FunctionRecord;
  versions: ReadonlyMap<number, VersionRecord>;
  aliases: ReadonlyMap<string, AliasRecord>;
}
