import type { ChangeSetRecord, StackEvent, StackRecord } from './model.js';

/** CloudFormation's state behind one interface (implemented in store/sqlite). */
export interface CfnReader {
  stack(stackId: string): StackRecord | undefined;
  /** The stack of that name that is not deleted. */
  liveStack(name: string): StackRecord | undefined;
  /** Every stack, deleted ones included (ListStacks shows them), newest first. */
  stacks(): StackRecord[];
  /** Stacks with an operation under way (resumed after a restart). */
  busyStackIds(): string[];
  dueStackIds(now: number): string[];
  nextWake(): number | undefined;
  /** Newest first. */
  events(stackId: string): StackEvent[];
  changeSet(changeSetId: string): ChangeSetRecord | undefined;
  changeSets(stackId: string): ChangeSetRecord[];
}

export type CfnChange =
  | { kind: 'putStack'; stack: StackRecord }
  | { kind: 'appendEvents'; events: readonly StackEvent[] }
  | { kind: 'putChangeSet'; changeSet: ChangeSetRecord }
  | { kind: 'deleteChangeSet'; changeSetId: string };

export interface CfnDecision<T> {
  changes: readonly CfnChange[];
  result: T;
}

export interface CfnStore {
  read<T>(query: (reader: CfnReader) => T): Promise<T>;
  transact<T>(decide: (reader: CfnReader) => CfnDecision<T>): Promise<T>;
}
