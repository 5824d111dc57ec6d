import { HOUR, MINUTE, SECOND } from '../../common/clock.js';
import type { EventInvokeSettings } from '../functions/event-invoke-store.js';
import type { AsyncInvocationRecord } from './store.js';

/** How an event is retried: Lambda's defaults, or the function's PutFunctionEventInvokeConfig. */
export interface RetryPolicy {
  /** One wait per retry allowed after a function error (Lambda: about 1, then 2 minutes). */
  retryDelaysMs: readonly number[];
  /** Events older than this are dropped (Lambda's default maximum event age: 6 hours). */
  maxEventAgeMs: number;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1 * MINUTE, 2 * MINUTE];

export const DEFAULT_POLICY: RetryPolicy = {
  retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
  maxEventAgeMs: 6 * HOUR,
};

export function policyOf(settings: EventInvokeSettings | undefined, defaults = DEFAULT_POLICY): RetryPolicy {
  return {
    retryDelaysMs: defaults.retryDelaysMs.slice(
      0,
      settings?.maximumRetryAttempts ?? defaults.retryDelaysMs.length,
    ),
    maxEventAgeMs:
      settings?.maximumEventAgeInSeconds !== undefined
        ? settings.maximumEventAgeInSeconds * SECOND
        : defaults.maxEventAgeMs,
  };
}

/** Why an event goes to its on-failure destination, in the invocation record's words. */
export type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded';

/** What to do with an event after one attempt: pure, so the retry policy is tested on its own. */
export type AttemptVerdict =
  | { kind: 'done' }
  | { kind: 'retry'; attempts: number; at: number }
  | { kind: 'drop'; reason: string; condition: FailureCondition | undefined };

export type AttemptResult = 'success' | 'function-error' | 'throttled' | 'gone' | 'failed';

/** An event past its maximum age is not attempted at all. */
export function tooOld(
  record: Pick<AsyncInvocationRecord, 'enqueuedAt'>,
  now: number,
  policy: RetryPolicy,
): boolean {
  return now - record.enqueuedAt > policy.maxEventAgeMs;
}

export function judgeAttempt(
  record: Pick<AsyncInvocationRecord, 'attempts' | 'enqueuedAt'>,
  result: AttemptResult,
  now: number,
  policy: RetryPolicy,
): AttemptVerdict {
  if (result === 'success') return { kind: 'done' };
  if (result === 'gone') {
    return { kind: 'drop', reason: 'the function or qualifier no longer exists', condition: undefined };
  }
  const attempts = result === 'function-error' ? record.attempts + 1 : record.attempts;
  let at: number;
  if (result === 'function-error') {
    const delay = policy.retryDelaysMs[attempts - 1];
    if (delay === undefined) {
      return { kind: 'drop', reason: `the function failed ${attempts} times`, condition: 'RetriesExhausted' };
    }
    at = now + delay;
  } else {
    // Throttled or the platform could not run it: back off without using up an attempt.
    at =
      now +
      Math.min(5 * MINUTE, SECOND * 2 ** Math.min(8, Math.floor((now - record.enqueuedAt) / SECOND / 10)));
  }
  if (at - record.enqueuedAt > policy.maxEventAgeMs) {
    return { kind: 'drop', reason: 'the event is too old', condition: 'EventAgeExceeded' };
  }
  return { kind: 'retry', attempts, at };
}
