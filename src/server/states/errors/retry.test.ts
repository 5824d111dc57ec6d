import { describe, expect, it } from 'vitest';
import { decideOnError, errorMatches, retryDelayMs } from './retry.js';

describe('ErrorEquals matching', () => {
  it.each<[string[], string, boolean]>([
    [['States.ALL'], 'MyError', true],
    [['States.ALL'], 'States.Timeout', true],
    [['States.ALL'], 'States.Runtime', false], // terminal: never caught
    [['States.ALL'], 'States.DataLimitExceeded', false],
    [['States.TaskFailed'], 'Lambda.ServiceException', true],
    [['States.TaskFailed'], 'States.Timeout', false],
    [['States.TaskFailed'], 'States.HeartbeatTimeout', false],
    [['States.Timeout'], 'States.HeartbeatTimeout', true],
    [['States.HeartbeatTimeout'], 'States.Timeout', false],
    [['HandledError'], 'HandledError', true],
    [['HandledError'], 'OtherError', false],
    [['A', 'B'], 'B', true],
  ])('%j covers %s: %s', (names, error, expected) => {
    expect(errorMatches(names, error)).toBe(expected);
  });
});

describe('retry intervals', () => {
  it('IntervalSeconds x BackoffRate^attempt, defaults 1 s and 2.0', () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs({ ErrorEquals: ['x'] }, a, () => 0))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(
      [0, 1, 2].map((a) =>
        retryDelayMs({ ErrorEquals: ['x'], IntervalSeconds: 3, BackoffRate: 1.5 }, a, () => 0),
      ),
    ).toEqual([3000, 4500, 6750]);
  });
  it('MaxDelaySeconds caps the interval; JitterStrategy FULL takes a random fraction of it', () => {
    const r = { ErrorEquals: ['x'], IntervalSeconds: 10, MaxDelaySeconds: 25 };
    expect([0, 1, 2].map((a) => retryDelayMs(r, a, () => 0))).toEqual([10_000, 20_000, 25_000]);
    expect(retryDelayMs({ ...r, JitterStrategy: 'FULL' }, 1, () => 0.25)).toBe(5000);
    expect(retryDelayMs({ ...r, JitterStrategy: 'NONE' }, 1, () => 0.25)).toBe(20_000);
  });
});

describe('Retry, then Catch', () => {
  const handlers = {
    Retry: [
      { ErrorEquals: ['States.Timeout'], MaxAttempts: 0 },
      { ErrorEquals: ['Transient'], MaxAttempts: 2 },
      { ErrorEquals: ['States.ALL'] },
    ],
    Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
  };
  it('the first matching Retrier decides, while it has attempts left', () => {
    expect(decideOnError(handlers, 'Transient', [], () => 0)).toEqual({
      kind: 'retry',
      retrier: 1,
      delayMs: 1000,
    });
    expect(decideOnError(handlers, 'Transient', [0, 1], () => 0)).toEqual({
      kind: 'retry',
      retrier: 1,
      delayMs: 2000,
    });
  });
  it('an exhausted Retrier hands over to the Catchers (later Retriers are not tried)', () => {
    expect(decideOnError(handlers, 'Transient', [0, 2], () => 0)).toMatchObject({
      kind: 'catch',
      catcher: { Next: 'Recover' },
    });
    expect(decideOnError(handlers, 'States.Timeout', [], () => 0)).toMatchObject({ kind: 'catch' });
  });
  it('States.ALL retries three times by default', () => {
    expect(decideOnError(handlers, 'Other', [0, 0, 2], () => 0)).toMatchObject({
      kind: 'retry',
      delayMs: 4000,
    });
    expect(decideOnError(handlers, 'Other', [0, 0, 3], () => 0)).toMatchObject({ kind: 'catch' });
  });
  it('nothing handles States.Runtime', () => {
    expect(decideOnError(handlers, 'States.Runtime', [], () => 0)).toEqual({ kind: 'fail' });
  });
});
