/**
 * What one invocation looked like, as the metrics recorder hears it. Emitted by the invoke path
 * after the response is sent, off the hot path.
 */
export interface InvocationRecord {
  functionName: string;
  /**
   * How the caller addressed the function: undefined (unqualified, runs `$LATEST`), `$LATEST`,
   * a version number, or an alias name.
   */
  qualifier: string | undefined;
  /** The version that ran, or would have run for a throttle. */
  executedVersion: string;
  /** Clock time the invocation started, in ms since the epoch. */
  startedAt: number;
  /** Time spent running the handler (0 for throttles). */
  durationMs: number;
  outcome: 'success' | 'error' | 'throttled';
  /** The function error type (`Unhandled`, `Sandbox.Timedout`, ...), for outcome `error`. */
  errorType?: string;
  invocationType: 'RequestResponse' | 'Event';
  /** Environments of this function busy at the moment it started, itself included. */
  concurrentExecutions: number;
  coldStart: boolean;
}

export interface InvocationObserver {
  record(invocation: InvocationRecord): void;
}

export const ignoreInvocations: InvocationObserver = { record() {} };

/** Several observers as one, in order. */
export function allObservers(...observers: InvocationObserver[]): InvocationObserver {
  if (observers.length === 0) return ignoreInvocations;
  if (observers.length === 1) return observers[0]!;
  return {
    record: (invocation) => {
      for (const o of observers) o.record(invocation);
    },
  };
}
