import { describe, expect, it } from 'vitest';
import { decideAlarmConfig, type AlarmInput } from './alarm-rules.js';

const base: AlarmInput = {
  name: 'a',
  metricName: 'Errors',
  namespace: 'AWS/Lambda',
  statistic: 'Sum',
  period: 60,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: 'GreaterThanOrEqualToThreshold',
  metricMath: false,
};

function error(input: Partial<AlarmInput>): { code: string; message: string } {
  try {
    decideAlarmConfig({ ...base, ...input });
  } catch (e) {
    const err = e as { code: string; message: string };
    return { code: err.code, message: err.message };
  }
  throw new Error('expected an error');
}

describe('PutMetricAlarm rules', () => {
  it('fills defaults and keeps optional members absent', () => {
    expect(decideAlarmConfig(base)).toEqual({
      name: 'a',
      actionsEnabled: true,
      okActions: [],
      alarmActions: [],
      insufficientDataActions: [],
      metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: [] },
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      tags: [],
    });
  });

  it('periods: 10, 20, 30 or multiples of 60', () => {
    for (const period of [10, 20, 30, 60, 120, 3600])
      expect(() => decideAlarmConfig({ ...base, period })).not.toThrow();
    for (const period of [1, 5, 15, 45, 90]) {
      expect(error({ period })).toEqual({
        code: 'InvalidParameterValue',
        message: 'Period must be 10, 20, 30 or a multiple of 60',
      });
    }
  });

  it('Statistic xor ExtendedStatistic, and only supported extended statistics', () => {
    expect(error({ extendedStatistic: 'p99' }).code).toBe('InvalidParameterCombination');
    expect(error({ statistic: undefined }).code).toBe('InvalidParameterCombination');
    expect(error({ statistic: undefined, extendedStatistic: 'p101' })).toEqual({
      code: 'InvalidParameterValue',
      message: 'The value p101 for parameter ExtendedStatistic is not supported.',
    });
    expect(
      decideAlarmConfig({ ...base, statistic: undefined, extendedStatistic: 'p99.9' }).extendedStatistic,
    ).toBe('p99.9');
  });

  it('windows of more than a day, M greater than N, unknown modes', () => {
    expect(error({ period: 60, evaluationPeriods: 1441 })).toEqual({
      code: 'ValidationError',
      message:
        'Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400)',
    });
    expect(error({ evaluationPeriods: 2, datapointsToAlarm: 3 }).code).toBe('ValidationError');
    expect(error({ treatMissingData: 'sometimes' }).message).toBe(
      'Option sometimes is not supported. Supported options for parameter TreatMissingData are: missing, ignore, breaching and notBreaching.',
    );
  });

  it('missing members, anomaly-band operators, metric math, bad actions', () => {
    expect(error({ metricName: undefined })).toEqual({
      code: 'MissingParameter',
      message: 'The parameter MetricName is required.',
    });
    expect(error({ comparisonOperator: 'LessThanLowerThreshold' }).code).toBe('InvalidParameterValue');
    expect(error({ metricMath: true }).code).toBe('InvalidParameterValue');
    expect(error({ alarmActions: ['mailto:x@example.com'] }).code).toBe('InvalidParameterValue');
    const ok = decideAlarmConfig({
      ...base,
      alarmActions: ['https://hooks.example.com/x', 'arn:aws:sns:us-east-1:1:t'],
    });
    expect(ok.alarmActions).toHaveLength(2);
  });
});
