import type { AlarmHistoryItem, AlarmRecord, HistoryItemType, StoredHistoryItem } from './alarm-model.js';

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
