import { describe, expect, it } from 'vitest';
import type { Stat } from '../statistics.js';
import type { ThresholdOperator, TreatMissingData } from './alarm-model.js';
import {
  evaluateAlarm,
  minimumSamples,
  type AlarmRule,
  type Evaluation,
  type PeriodDatapoint,
} from './evaluate.js';

const PERIOD = 60;
const P = PERIOD * 1000;
/** 30 s into the period that started at 12:00:00. */
const NOW = Date.UTC(2026, 0, 1, 12, 0, 30);
const CURRENT = Date.UTC(2026, 0, 1, 12, 0, 0);

const SUM: Stat = { kind: 'simple', name: 'Sum' };

function rule(overrides: Partial<AlarmRule> = {}): AlarmRule {
  return {
    period: PERIOD,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    threshold: 5,
    operator: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    stat: SUM,
    lowSampleCount: 'evaluate',
    ...overrides,
  };
}

/**
 * Complete periods, oldest first, ending just before the current one: `X` breaches (10), `0` is
 * within the threshold (0), `-` is missing.
 */
function window(pattern: string, sampleCount = 1): PeriodDatapoint[] {
  const slots = pattern.split(' ');
  return slots.flatMap((s, i) => {
    if (s === '-') return [];
    const timestamp = CURRENT - (slots.length - i) * P;
    return [{ timestamp, value: s === 'X' ? 10 : 0, sampleCount }];
  });
}

function stateOf(e: Evaluation): string {
  return e.kind === 'keep' ? 'keep' : e.state;
}

describe('M of N with each TreatMissingData mode (3 of 5, X breaching, 0 within, - missing)', () => {
  const table: [string, Record<TreatMissingData, string>][] = [
    ['- - - - -', { missing: 'INSUFFICIENT_DATA', ignore: 'keep', breaching: 'ALARM', notBreaching: 'OK' }],
    ['0 0 0 0 0', { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
    ['X X X 0 0', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' }],
    ['0 X 0 X X', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' }],
    ['0 0 X 0 X', { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
    // Gaps: counted per mode; premature-alarm rule for missing/ignore.
    ['0 - X - X', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'OK' }],
    ['0 - - - -', { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' }],
    ['X - - - -', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'OK' }],
    ['- - - - X', { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' }],
    ['- - - X X', { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' }],
    ['- - X X -', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'OK' }],
    ['- - X 0 X', { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' }],
    ['X 0 - - -', { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' }],
  ];
  for (const [pattern, expected] of table) {
    for (const mode of ['missing', 'ignore', 'breaching', 'notBreaching'] as const) {
      it(`${pattern} with ${mode} -> ${expected[mode]}`, () => {
        const e = evaluateAlarm({
          rule: rule({ treatMissingData: mode }),
          datapoints: window(pattern),
          now: NOW,
        });
        expect(stateOf(e)).toBe(expected[mode]);
      });
    }
  }

  it('M defaults to N: 5 of 5 needs every period', () => {
    const all = rule({ datapointsToAlarm: 5 });
    expect(stateOf(evaluateAlarm({ rule: all, datapoints: window('X X X X 0'), now: NOW }))).toBe('OK');
    expect(stateOf(evaluateAlarm({ rule: all, datapoints: window('X X X X X'), now: NOW }))).toBe('ALARM');
  });
});

describe('comparison operators', () => {
  const cases: [ThresholdOperator, number, boolean][] = [
    ['GreaterThanThreshold', 5, false],
    ['GreaterThanThreshold', 5.001, true],
    ['GreaterThanOrEqualToThreshold', 5, true],
    ['GreaterThanOrEqualToThreshold', 4.999, false],
    ['LessThanThreshold', 5, false],
    ['LessThanThreshold', 4.999, true],
    ['LessThanOrEqualToThreshold', 5, true],
    ['LessThanOrEqualToThreshold', 5.001, false],
  ];
  for (const [operator, value, alarm] of cases) {
    it(`${value} ${operator} 5 -> ${alarm ? 'ALARM' : 'OK'}`, () => {
      const e = evaluateAlarm({
        rule: rule({ operator, evaluationPeriods: 1, datapointsToAlarm: 1 }),
        datapoints: [{ timestamp: CURRENT - P, value, sampleCount: 1 }],
        now: NOW,
      });
      expect(stateOf(e)).toBe(alarm ? 'ALARM' : 'OK');
    });
  }
});

describe('percentiles', () => {
  const p99: Stat = { kind: 'percentile', name: 'p99', quantile: 0.99 };

  it('needs 100 samples for p99, 1000 for p99.9, 10 for p90, 2 for p50', () => {
    expect([minimumSamples(0.99), minimumSamples(0.999), minimumSamples(0.9), minimumSamples(0.5)]).toEqual([
      100, 1000, 10, 2,
    ]);
  });

  it('EvaluateLowSampleCountPercentile=ignore keeps the state on too few samples', () => {
    const r = rule({ stat: p99, evaluationPeriods: 1, datapointsToAlarm: 1, lowSampleCount: 'ignore' });
    const few = [{ timestamp: CURRENT - P, value: 900, sampleCount: 50 }];
    expect(evaluateAlarm({ rule: r, datapoints: few, now: NOW })).toMatchObject({ kind: 'keep' });
    const enough = [{ timestamp: CURRENT - P, value: 900, sampleCount: 100 }];
    expect(stateOf(evaluateAlarm({ rule: r, datapoints: enough, now: NOW }))).toBe('ALARM');
  });

  it('evaluate (the default) judges whatever samples there are', () => {
    const r = rule({ stat: p99, evaluationPeriods: 1, datapointsToAlarm: 1 });
    const few = [{ timestamp: CURRENT - P, value: 900, sampleCount: 3 }];
    const e = evaluateAlarm({ rule: r, datapoints: few, now: NOW });
    expect(stateOf(e)).toBe('ALARM');
    expect(e.kind === 'set' && JSON.parse(e.reasonData)).toMatchObject({ extendedStatistic: 'p99' });
  });
});

describe('the period in progress', () => {
  const one = { evaluationPeriods: 1, datapointsToAlarm: 1 };
  const partial = (value: number): PeriodDatapoint => ({ timestamp: CURRENT, value, sampleCount: 1 });

  it('a breaching Sum enters ALARM at once, dated the current period', () => {
    const e = evaluateAlarm({
      rule: rule({ ...one, operator: 'GreaterThanOrEqualToThreshold', threshold: 1 }),
      datapoints: [partial(1)],
      now: NOW,
    });
    expect(e).toMatchObject({
      kind: 'set',
      state: 'ALARM',
      reason:
        'Threshold Crossed: 1 datapoint [1.0 (01/01/26 12:00:00)] was greater than or equal to the threshold (1.0).',
    });
  });

  it('a Sum below a LessThan threshold early in a period proves nothing: wait for the period', () => {
    const e = evaluateAlarm({
      rule: rule({ ...one, operator: 'LessThanThreshold' }),
      datapoints: [partial(1)],
      now: NOW,
    });
    expect(stateOf(e)).toBe('INSUFFICIENT_DATA');
  });

  it('an Average is taken as it stands', () => {
    const avg = rule({ ...one, stat: { kind: 'simple', name: 'Average' } });
    expect(stateOf(evaluateAlarm({ rule: avg, datapoints: [partial(10)], now: NOW }))).toBe('ALARM');
  });

  it('leaving ALARM waits for complete periods', () => {
    const r = rule(one);
    const lastBreached = [{ timestamp: CURRENT - P, value: 10, sampleCount: 1 }, partial(0)];
    expect(stateOf(evaluateAlarm({ rule: r, datapoints: lastBreached, now: NOW }))).toBe('ALARM');
    const lastFine = [{ timestamp: CURRENT - P, value: 0, sampleCount: 1 }];
    expect(stateOf(evaluateAlarm({ rule: r, datapoints: lastFine, now: NOW }))).toBe('OK');
  });

  it('with M of N, a breaching partial period is the newest of the N slots', () => {
    const r = rule({ evaluationPeriods: 3, datapointsToAlarm: 2, treatMissingData: 'notBreaching' });
    const data = [{ timestamp: CURRENT - P, value: 10, sampleCount: 1 }, partial(10)];
    expect(stateOf(evaluateAlarm({ rule: r, datapoints: data, now: NOW }))).toBe('ALARM');
    expect(stateOf(evaluateAlarm({ rule: r, datapoints: data.slice(0, 1), now: NOW }))).toBe('OK');
  });
});

describe('state reasons and reason data', () => {
  it('one datapoint, as CloudWatch words it', () => {
    const e = evaluateAlarm({
      rule: rule({
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 2,
        stat: { kind: 'simple', name: 'Average' },
        unit: 'Seconds',
      }),
      datapoints: [{ timestamp: CURRENT - P, value: 21.5, sampleCount: 2 }],
      now: NOW,
    });
    expect(e).toMatchObject({
      state: 'ALARM',
      reason:
        'Threshold Crossed: 1 datapoint [21.5 (01/01/26 11:59:00)] was greater than the threshold (2.0).',
    });
    expect(e.kind === 'set' && e.reasonData).toBe(
      '{"version":"1.0","queryDate":"2026-01-01T12:00:30.000+0000","startDate":"2026-01-01T11:59:00.000+0000","unit":"Seconds","statistic":"Average","period":60,"recentDatapoints":[21.5],"threshold":2.0,"evaluatedDatapoints":[{"timestamp":"2026-01-01T11:59:00.000+0000","sampleCount":2.0,"value":21.5}]}',
    );
  });

  it('no data, each mode', () => {
    const reasons = (['missing', 'breaching', 'notBreaching'] as const).map((treatMissingData) => {
      const e = evaluateAlarm({
        rule: rule({ treatMissingData, evaluationPeriods: 2, datapointsToAlarm: 2 }),
        datapoints: [],
        now: NOW,
      });
      return e.kind === 'set' ? e.reason : '';
    });
    expect(reasons).toEqual([
      'Insufficient Data: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Missing].',
      'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].',
      'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [NonBreaching].',
    ]);
  });

  it('M of N lists the datapoints that decided, newest first', () => {
    const e = evaluateAlarm({ rule: rule(), datapoints: window('X 0 X X 0'), now: NOW });
    expect(e.kind === 'set' && e.reason).toBe(
      'Threshold Crossed: 3 out of the last 5 datapoints [10.0 (01/01/26 11:58:00), 10.0 (01/01/26 11:57:00), 10.0 (01/01/26 11:55:00)] were greater than the threshold (5.0) (minimum 3 datapoints for OK -> ALARM transition).',
    );
    const ok = evaluateAlarm({ rule: rule(), datapoints: window('0 0 X 0 -'), now: NOW });
    expect(ok.kind === 'set' && ok.reason).toBe(
      'Threshold Crossed: 3 out of the last 5 datapoints [0.0 (01/01/26 11:58:00), 0.0 (01/01/26 11:56:00), 0.0 (01/01/26 11:55:00)] were not greater than the threshold (5.0) (minimum 3 datapoints for ALARM -> OK transition).',
    );
    const premature = evaluateAlarm({ rule: rule(), datapoints: window('0 0 X - -'), now: NOW });
    expect(premature).toMatchObject({ state: 'ALARM' });
  });
});
