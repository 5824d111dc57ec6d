import { describe, expect, it } from 'vitest';
import { judgeConfigJson, parseJudgeConfig } from './config.js';

describe('parseJudgeConfig', () => {
  it('judges errors and latency (p50, p99) at 99% confidence by default', () => {
    expect(parseJudgeConfig({})).toEqual({
      alpha: expect.closeTo(0.01, 12) as number,
      errors: { tolerance: { relative: 0.2, absolute: 0 }, passWithin: 0 },
      latency: {
        quantiles: [
          { name: 'p50', quantile: 0.5 },
          { name: 'p99', quantile: 0.99 },
        ],
        tolerance: { relative: 0.2, absolute: 1 },
      },
      metrics: [],
      earlyPromotion: undefined,
    });
  });

  it('reads custom metrics, early promotion and turned-off checks', () => {
    const config = parseJudgeConfig({
      errors: false,
      latency: { percentiles: ['p90', 'p99.9'], tolerance: 0.5 },
      metrics: [
        { namespace: 'Shop', metricName: 'CheckoutOk', statistic: 'Average', worse: 'decrease' },
        {
          namespace: 'Shop',
          metricName: 'CartValue',
          dimensions: [{ name: 'Service', value: 'cart' }],
          versionDimension: 'Version',
          statistic: 'p50',
          worse: 'decrease',
          tolerance: 0.05,
        },
      ],
      earlyPromotion: { minStepSeconds: 30 },
    });
    expect(config.errors).toBeUndefined();
    expect(config.latency?.quantiles.map((q) => q.quantile)).toEqual([0.9, 0.999]);
    expect(config.metrics[0]).toMatchObject({
      label: 'Shop/CheckoutOk Average',
      statistic: { kind: 'mean', range: [0, 1] },
      versionDimension: 'ExecutedVersion',
      direction: 'decrease',
      tolerance: { relative: 0.1, absolute: 0 },
    });
    expect(config.metrics[1]).toMatchObject({
      label: 'Shop/CartValue p50',
      statistic: { kind: 'percentile', quantile: 0.5 },
      dimensions: [{ name: 'Service', value: 'cart' }],
    });
    expect(config.earlyPromotion).toEqual({ minStepMs: 30_000, minInvocations: 100 });
  });

  it.each([
    [{ confidence: 1.5 }, 'gradualOptions.judge.confidence'],
    [
      { latency: { percentiles: ['p99', 'median'] } },
      'gradualOptions.judge.latency.percentiles[1] must be a percentile',
    ],
    [{ errors: { tolerance: -1 } }, 'gradualOptions.judge.errors'],
    [
      { metrics: [{ namespace: 'A', metricName: 'B', statistic: 'Sum', worse: 'up' }] },
      'gradualOptions.judge.metrics[0]',
    ],
    [
      {
        metrics: [
          { namespace: 'A', metricName: 'B', statistic: 'Average', range: [5, 1], worse: 'increase' },
        ],
      },
      'gradualOptions.judge.metrics[0].range range must be [low, high]',
    ],
    [{ earlyPromotion: { minInvocations: 1.5 } }, 'gradualOptions.judge.earlyPromotion.minInvocations'],
    [{ typo: true }, 'gradualOptions.judge'],
  ])('refuses %j, naming the field', (value, message) => {
    expect(() => parseJudgeConfig(value)).toThrow(message);
  });

  it('echoes back as JSON that parses to the same configuration', () => {
    const config = parseJudgeConfig({
      metrics: [{ namespace: 'S', metricName: 'M', statistic: 'Average', range: [0, 5], worse: 'increase' }],
      earlyPromotion: {},
    });
    expect(parseJudgeConfig(judgeConfigJson(config))).toEqual(config);
  });
});
