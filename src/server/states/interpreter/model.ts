import type { Json } from '../json.js';

/** DescribeExecution's status values. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What an execution was started with; the context object's Execution and StateMachine. */
export interface ExecutionInfo {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  input: Json;
  startTime: number;
}

/**
 * One execution's whole state, plain JSON so the engine can persist it between steps. Work in
 * progress lives in frames: the root frame runs the state machine, and each Parallel branch and
 * Map iteration runs in a child frame of its own.
 */
export interface ExecutionState {
  info: ExecutionInfo;
  status: ExecutionStatus;
  started: boolean;
  /** When the execution's own TimeoutSeconds runs out. */
  timeoutAt: number | undefined;
  stopTime: number | undefined;
  output: Json | undefined;
  error: string | undefined;
  cause: string | undefined;
  /** The id of the last history event written. */
  lastEventId: number;
  /** For new frame and call ids. */
  counter: number;
  frames: Record<string, Frame>;
}

/** Where a frame's states are: the Parallel branch (index) or Map processor (-1) of each state on the way. */
export type Scope = { state: string; branch: number }[];

export interface Frame {
  id: string;
  scope: Scope;
  parent: { frame: string; slot: number } | undefined;
  /** The last event written by this frame, which the next one names as previousEventId. */
  lastEventId: number;
  run: Run;
}

/** What a state is doing while the execution waits; common to Task, Parallel and Map. */
interface Active {
  state: string;
  /** The state's raw input (before InputPath). */
  input: Json;
  enteredEventId: number;
  enteredAt: number;
  /** Retries made so far, per Retrier. */
  retries: number[];
  /** Set while waiting out a Retrier's interval. */
  retryAt: number | undefined;
}

export type Run =
  | { kind: 'entering'; state: string; input: Json }
  | { kind: 'waiting'; state: string; output: Json; until: number }
  | ({ kind: 'task'; attempt: TaskAttempt | undefined } & Active)
  /** A branch's frame while it runs, null once its result is in `results`. */
  | ({ kind: 'parallel'; children: (string | null)[]; results: Json[] } & Active)
  | ({
      kind: 'map';
      /** The input after InputPath, which ItemSelector reads. */
      effective: Json;
      items: Json[];
      nextItem: number;
      /** The frame of each iteration that is running, by item index. */
      running: Record<number, string>;
      results: Json[];
    } & Active)
  | { kind: 'succeeded'; output: Json }
  | { kind: 'failed'; error: string; cause: string };

export type TaskMode = 'legacy' | 'invoke' | 'token';

/** One try of a Task state: a Lambda invocation, and for `.waitForTaskToken` the callback. */
export interface TaskAttempt {
  callId: string;
  mode: TaskMode;
  functionName: string;
  qualifier: string | undefined;
  payload: Json;
  invocationType: string | undefined;
  clientContext: string | undefined;
  token: string | undefined;
  /** The invocation returned (for a token task: the function accepted the task). */
  invoked: boolean;
  timeoutAt: number | undefined;
  heartbeatSeconds: number | undefined;
  heartbeatAt: number | undefined;
  outcome: TaskOutcome | undefined;
}

export type TaskOutcome =
  { kind: 'succeeded'; output: Json } | { kind: 'failed'; error: string; cause: string };

export function isFinished(status: ExecutionStatus): boolean {
  return status !== 'RUNNING';
}
