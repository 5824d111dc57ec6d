/** Asynchronous invocation settings (PutFunctionEventInvokeConfig) and their storage port. */

/** The settings of one function, version or alias for its `Event` invocations. */
export interface EventInvokeSettings {
  /** Retries after a function error, 0-2 (Lambda's default: 2). */
  maximumRetryAttempts?: number;
  /** How long an event may wait to be run, 60-21600 seconds (Lambda's default: 6 hours). */
  maximumEventAgeInSeconds?: number;
  /** Destination ARNs (functions only in gradual) for successful and failed events. */
  onSuccess?: string;
  onFailure?: string;
}

export interface EventInvokeConfigRecord extends EventInvokeSettings {
  functionName: string;
  /** `$LATEST`, a version number or an alias name. */
  qualifier: string;
  /** Milliseconds since the epoch. */
  lastModified: number;
}

export type EventInvokeConfigChange =
  | { kind: 'putConfig'; record: EventInvokeConfigRecord }
  | { kind: 'deleteConfig'; functionName: string; qualifier: string };

/** What a decision sees of the function, read in the same transaction. */
export interface EventInvokeOwner {
  versions: ReadonlySet<string>;
  aliases: ReadonlySet<string>;
}

export type EventInvokeDecide<T> = (
  owner: EventInvokeOwner | undefined,
  configs: readonly EventInvokeConfigRecord[],
  functionExists: (name: string) => boolean,
) => { changes: readonly EventInvokeConfigChange[]; result: T };

/**
 * Stored settings, one per function, version or alias. Deleting the function, version or alias
 * deletes its settings in the same transaction (the schema cascades).
 */
export interface EventInvokeConfigStore {
  transact<T>(functionName: string, decide: EventInvokeDecide<T>): Promise<T>;
  /** The settings an event addressed to `qualifier` (`$LATEST` when unqualified) runs under. */
  get(functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined>;
}
