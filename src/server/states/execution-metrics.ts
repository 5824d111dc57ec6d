import type { StatesMetric, StatesMetrics } from './ports.js';
import type { ExecutionStatus } from './interpreter/model.js';

const ENDINGS: Partial<Record<ExecutionStatus, StatesMetric>> = {
  SUCCEEDED: 'ExecutionsSucceeded',
  FAILED: 'ExecutionsFailed',
  ABORTED: 'ExecutionsAborted',
  TIMED_OUT: 'ExecutionsTimedOut',
};

interface Ended {
  stateMachineArn: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate: number | undefined;
}

/** ExecutionsStarted, when an execution starts. */
export function recordStarted(
  metrics: StatesMetrics | undefined,
  e: { stateMachineArn: string; startDate: number },
): void {
  metrics?.record(e.stateMachineArn, 'ExecutionsStarted', 1, e.startDate);
}

/** How it ended (ExecutionsSucceeded, ...Failed, ...Aborted, ...TimedOut) and ExecutionTime. */
export function recordEnded(metrics: StatesMetrics | undefined, e: Ended): void {
  const metric = ENDINGS[e.status];
  if (!metrics || !metric || e.stopDate === undefined) return;
  metrics.record(e.stateMachineArn, metric, 1, e.stopDate);
  metrics.record(e.stateMachineArn, 'ExecutionTime', e.stopDate - e.startDate, e.stopDate);
}
