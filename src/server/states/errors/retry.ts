import type { Catcher, Retrier } from '../definition/types.js';
import { ErrorNames, isTerminalError } from './states-error.js';

/**
 * Whether a Retrier's or Catcher's ErrorEquals covers `error`. States.ALL matches any error but
 * the terminal ones; States.TaskFailed any but the timeouts; States.Timeout also covers a missed
 * heartbeat (Handling errors in Step Functions workflows, "Error names").
 */
export function errorMatches(errorEquals: string[], error: string): boolean {
  if (isTerminalError(error)) return false;
  return errorEquals.some((name) => {
    if (name === error || name === ErrorNames.all) return true;
    const timeout = error === ErrorNames.timeout || error === ErrorNames.heartbeatTimeout;
    if (name === ErrorNames.taskFailed) return !timeout;
    return name === ErrorNames.timeout && error === ErrorNames.heartbeatTimeout;
  });
}

export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 } as const;

/**
 * The wait before retry number `attempt` (0 for the first): IntervalSeconds x BackoffRate^attempt,
 * at most MaxDelaySeconds; with JitterStrategy FULL, a random fraction of that.
 */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number {
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
  const backoff = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
  let seconds = interval * Math.pow(backoff, attempt);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
}

export type ErrorDecision =
  | { kind: 'retry'; retrier: number; delayMs: number }
  | { kind: 'catch'; catcher: Catcher }
  | { kind: 'fail' };

/**
 * What a state does with an error: the first Retrier that matches retries while it has attempts
 * left (`retries[i]` counts those it made); then the first matching Catcher; else the error
 * fails the state.
 */
export function decideOnError(
  handlers: { Retry?: Retrier[]; Catch?: Catcher[] },
  error: string,
  retries: number[],
  random: () => number,
): ErrorDecision {
  const index = (handlers.Retry ?? []).findIndex((r) => errorMatches(r.ErrorEquals, error));
  if (index >= 0) {
    const retrier = handlers.Retry![index]!;
    const made = retries[index] ?? 0;
    if (made < (retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts)) {
      return { kind: 'retry', retrier: index, delayMs: retryDelayMs(retrier, made, random) };
    }
  }
  const catcher = (handlers.Catch ?? []).find((c) => errorMatches(c.ErrorEquals, error));
  return catcher ? { kind: 'catch', catcher } : { kind: 'fail' };
}
