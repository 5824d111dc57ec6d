import type { Effect, InvokeResult } from './interpreter/io-types.js';

/** How the engine runs a Task's Lambda function (the invoke domain, joined in wiring). */
export interface LambdaInvoker {
  invoke(effect: Effect): Promise<InvokeResult>;
}

/** The AWS/States metrics, per state machine ARN (joined to the metrics domain in wiring). */
export type StatesMetric =
  | 'ExecutionsStarted'
  | 'ExecutionsSucceeded'
  | 'ExecutionsFailed'
  | 'ExecutionsAborted'
  | 'ExecutionsTimedOut'
  | 'ExecutionTime';

export interface StatesMetrics {
  record(stateMachineArn: string, metric: StatesMetric, value: number, at: number): void;
}
