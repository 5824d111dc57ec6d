import type { HistoryEvent } from './interpreter/events.js';
import type { ExecutionFilter, ExecutionRecord, StateMachineRecord } from './records.js';

/**
 * Step Functions state behind one interface (the domain's port; implementations live in the
 * store folder). Writes are synchronous decisions run in a transaction: `decide` reads through
 * a reader and returns the changes, so a step and its history events are saved together.
 */
export interface StatesReader {
  machine(arn: string): StateMachineRecord | undefined;
  /** All state machines, by name. */
  machines(): StateMachineRecord[];
  execution(arn: string): ExecutionRecord | undefined;
  /** Newest first. */
  executions(filter: ExecutionFilter): ExecutionRecord[];
  /** Executions still running (to resume them after a restart). */
  runningExecutions(): string[];
  /** Running executions whose wake time has come. */
  dueExecutions(now: number): string[];
  /** The earliest wake time of any running execution (later than `after`, when given). */
  nextWake(after?: number): number | undefined;
  /** History events in id order, from `afterId` (exclusive), at most `limit`; reversed from `beforeId`. */
  history(arn: string, page: HistoryPage): HistoryEvent[];
}

export type HistoryPage =
  { order: 'asc'; afterId: number; limit: number } | { order: 'desc'; beforeId: number; limit: number };

export type StatesChange =
  | { kind: 'putMachine'; machine: StateMachineRecord }
  | { kind: 'deleteMachine'; arn: string }
  | { kind: 'putExecution'; execution: ExecutionRecord }
  | { kind: 'appendEvents'; arn: string; events: HistoryEvent[] };

export interface StatesDecision<T> {
  changes: readonly StatesChange[];
  result: T;
}

export interface StatesStore {
  read<T>(query: (reader: StatesReader) => T): Promise<T>;
  transact<T>(decide: (reader: StatesReader) => StatesDecision<T>): Promise<T>;
}
