import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../common/clock.js';
import { DEFAULT_POLICY, judgeAttempt, policyOf, tooOld } from './async-rules.js';

const record = { attempts: 0, enqueuedAt: 0 };

describe('judging an attempt', () => {
  it.each([
    ['success', record, { kind: 'done' }],
    ['function-error', record, { kind: 'retry', attempts: 1, at: 1 * MINUTE }],
    ['function-error', { attempts: 1, enqueuedAt: 0 }, { kind: 'retry', attempts: 2, at: 2 * MINUTE }],
    [
      'function-error',
      { attempts: 2, enqueuedAt: 0 },
      { kind: 'drop', reason: 'the function failed 3 times', condition: 'RetriesExhausted' },
    ],
    ['throttled', record, { kind: 'retry', attempts: 0, at: 1 * SECOND }],
    [
      'gone',
      record,
      { kind: 'drop', reason: 'the function or qualifier no longer exists', condition: undefined },
    ],
  ] as const)('%s after %o', (result, r, expected) => {
    expect(judgeAttempt(r, result, 0, DEFAULT_POLICY)).toEqual(expected);
  });

  it('drops events older than the maximum event age', () => {
    expect(judgeAttempt(record, 'throttled', 6 * 60 * MINUTE, DEFAULT_POLICY)).toEqual({
      kind: 'drop',
      reason: 'the event is too old',
      condition: 'EventAgeExceeded',
    });
  });

  it('backs off throttled events further the longer they wait, up to 5 minutes', () => {
    const verdict = judgeAttempt(record, 'throttled', 10 * MINUTE, DEFAULT_POLICY);
    expect(verdict).toEqual({ kind: 'retry', attempts: 0, at: 10 * MINUTE + 256 * SECOND });
  });
});

describe('the policy of an event invoke config', () => {
  it.each([
    [undefined, 2, 6 * 60 * MINUTE],
    [{ maximumRetryAttempts: 0 }, 0, 6 * 60 * MINUTE],
    [{ maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 }, 1, MINUTE],
  ])('%o allows %d retries within %d ms', (settings, retries, age) => {
    const policy = policyOf(settings);
    expect(policy.retryDelaysMs).toHaveLength(retries);
    expect(policy.maxEventAgeMs).toBe(age);
  });

  it('with no retries, the first function error exhausts them', () => {
    expect(judgeAttempt(record, 'function-error', 0, policyOf({ maximumRetryAttempts: 0 }))).toMatchObject({
      kind: 'drop',
      condition: 'RetriesExhausted',
    });
  });

  it('an event past its maximum age is not attempted', () => {
    const policy = policyOf({ maximumEventAgeInSeconds: 60 });
    expect(tooOld({ enqueuedAt: 0 }, 60 * SECOND, policy)).toBe(false);
    expect(tooOld({ enqueuedAt: 0 }, 61 * SECOND, policy)).toBe(true);
  });
});
