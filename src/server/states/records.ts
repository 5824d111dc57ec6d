import type { HistoryEvent } from './interpreter/events.js';
import type { ExecutionState, ExecutionStatus } from './interpreter/model.js';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** A state machine as CreateStateMachine made it (DescribeStateMachine's fields). */
export interface StateMachineRecord {
  arn: string;
  name: string;
  type: StateMachineType;
  /** The definition text as given: DescribeStateMachine returns it unchanged. */
  definition: string;
  roleArn: string;
  description: string;
  creationDate: number;
  /** Changes with every UpdateStateMachine. */
  revisionId: string;
  tags: Record<string, string>;
}

/** An execution: what DescribeExecution shows, plus the interpreter's state and the definition it runs. */
export interface ExecutionRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate: number | undefined;
  /** JSON text, as given to StartExecution. */
  input: string;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  /** The definition the execution started with; an update of the machine does not change it. */
  definition: string;
  state: ExecutionState;
  /** Bumped by every write; a step decided on an older copy is not saved. */
  rev: number;
  /** When the interpreter wants to be stepped next, if nothing happens first. */
  wakeAt: number | undefined;
}

export interface ExecutionFilter {
  stateMachineArn?: string;
  status?: ExecutionStatus;
}

export type { HistoryEvent };
