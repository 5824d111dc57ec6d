import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/random.js';
import { Distribution } from '../../metrics/distribution.js';
import type { JudgeInput, VersionSample } from './checks.js';
import { parseJudgeConfig } from './config.js';
import { describeJudgement, rollbackMessage } from './describe.js';
import { judge, mayEndStepEarly } from './judge.js';
import { lognormal } from './test-support/traffic-sim.js';

function latencies(n: number, median: number, sigma: number, seed: number): Distribution {
  const random = seededRandom(seed);
  const draw = lognormal(median, sigma);
  const d = new Distribution();
  for (let i = 0; i < n; i++) d.add(draw(random));
  return d;
}

function version(
  invocations: number,
  errors: number,
  duration?: Distribution,
  metrics: VersionSample['metrics'] = {},
): VersionSample {
  return { invocations, errors, duration, metrics };
}

describe('judge', () => {
  it('Given 2% errors on the new version against 0.3%, it fails the errors check with its figures', () => {
    const config = parseJudgeConfig({ latency: false });
    const input: JudgeInput = { current: version(18_000, 54), target: version(2000, 40) };
    const j = judge(config, input);
    expect(j.verdict).toBe('fail');
    const errors = j.checks[0]!;
    expect(errors).toMatchObject({
      check: 'errors',
      verdict: 'fail',
      current: { n: 18_000, estimate: 0.003 },
      target: { n: 2000, estimate: 0.02 },
    });
    expect(errors.ratio.estimate).toBeCloseTo(6.7, 0);
    expect(errors.pWorse).toBeLessThan(0.001);
    expect(describeJudgement(j)).toBe('judge: errors 2.0% vs 0.30% (tolerated 20%), p < 0.001 -> roll back');
    expect(rollbackMessage(j, '1', '2')).toBe(
      'The judge found version 2 worse than version 1 over the same window, and the deployment was stopped: errors 2.0% vs 0.30% (tolerated 20%), p < 0.001.',
    );
  });

  it('Given the same error rate on both, it does not fail, and with few errors it cannot pass either', () => {
    const j = judge(parseJudgeConfig({ latency: false }), {
      current: version(18_000, 54),
      target: version(2000, 6),
    });
    expect(j.verdict).toBe('not-yet');
    expect(j.checks[0]!.pWorse).toBe(1);
  });

  it('Given passWithin, a quiet new version passes on its own small rate', () => {
    const j = judge(parseJudgeConfig({ latency: false, errors: { passWithin: 0.01 } }), {
      current: version(90_000, 270),
      target: version(10_000, 30),
    });
    expect(j.verdict).toBe('pass');
  });

  it('Given a p99 1.5 times higher (same median), the p99 check fails and p50 does not', () => {
    const config = parseJudgeConfig({ errors: false });
    const input: JudgeInput = {
      current: version(90_000, 0, latencies(90_000, 50, 0.5, 1)),
      target: version(10_000, 0, latencies(10_000, 50, 0.5 + Math.log(1.5) / 2.326, 2)),
    };
    const j = judge(config, input);
    expect(j.checks.map((c) => [c.check, c.verdict])).toEqual([
      ['latency p50', 'pass'],
      ['latency p99', 'fail'],
    ]);
    expect(j.verdict).toBe('fail');
    expect(describeJudgement(j)).toMatch(
      /^judge: latency p99 2\d\d ms vs 1\d\d ms \(tolerated 20% or 1\.0 ms\), p [<=] /,
    );
  });

  it('Given identical latency and plenty of data, every latency check passes', () => {
    const j = judge(parseJudgeConfig({ errors: false }), {
      current: version(50_000, 0, latencies(50_000, 50, 0.5, 3)),
      target: version(20_000, 0, latencies(20_000, 50, 0.5, 4)),
    });
    expect(j.verdict).toBe('pass');
    expect(j.checks.every((c) => c.pNoWorse !== null && c.pNoWorse < 0.01 / 2)).toBe(true);
  });

  it('Given a custom 0/1 metric that drops (worse: decrease), the metric check fails', () => {
    const config = parseJudgeConfig({
      errors: false,
      latency: false,
      metrics: [{ namespace: 'Shop', metricName: 'CheckoutOk', statistic: 'Average', worse: 'decrease' }],
    });
    const rate = (n: number, ok: number) => {
      const d = new Distribution();
      d.add(1, ok);
      d.add(0, n - ok);
      return d;
    };
    const j = judge(config, {
      current: version(0, 0, undefined, { 'Shop/CheckoutOk Average': rate(9000, 8100) }),
      target: version(0, 0, undefined, { 'Shop/CheckoutOk Average': rate(1000, 700) }),
    });
    expect(j.checks[0]).toMatchObject({
      check: 'Shop/CheckoutOk Average',
      verdict: 'fail',
      direction: 'decrease',
    });
  });

  it('Given a metric sent as statistic sets, a percentile check says why it cannot judge', () => {
    const config = parseJudgeConfig({
      errors: false,
      latency: false,
      metrics: [{ namespace: 'Shop', metricName: 'CartValue', statistic: 'p50', worse: 'decrease' }],
    });
    const set = () => Distribution.fromStatisticSet({ sampleCount: 10, sum: 100, minimum: 1, maximum: 20 });
    const j = judge(config, {
      current: version(0, 0, undefined, { 'Shop/CartValue p50': set() }),
      target: version(0, 0, undefined, { 'Shop/CartValue p50': set() }),
    });
    expect(j.checks[0]).toMatchObject({
      verdict: 'not-yet',
      note: expect.stringContaining('statistic sets') as string,
    });
  });

  it('Given no traffic yet, every check is not-yet', () => {
    const j = judge(parseJudgeConfig({}), { current: version(0, 0), target: version(0, 0) });
    expect(j.verdict).toBe('not-yet');
    expect(j.checks.map((c) => c.verdict)).toEqual(['not-yet', 'not-yet', 'not-yet']);
  });
});

describe('mayEndStepEarly', () => {
  const config = parseJudgeConfig({ earlyPromotion: { minStepSeconds: 60, minInvocations: 100 } });
  const pass = { verdict: 'pass' as const, checks: [] };

  it.each([
    ['all conditions met', pass, 60_000, 100, true],
    ['too early in the step', pass, 59_000, 500, false],
    ['too few invocations', pass, 600_000, 99, false],
    ['not every check passes', { verdict: 'not-yet' as const, checks: [] }, 600_000, 500, false],
  ])('%s', (_name, judgement, elapsedMs, targetInvocations, expected) => {
    expect(mayEndStepEarly(config, judgement, { elapsedMs, targetInvocations })).toBe(expected);
  });

  it('never, unless opted in', () => {
    expect(mayEndStepEarly(parseJudgeConfig({}), pass, { elapsedMs: 1e9, targetInvocations: 1e9 })).toBe(
      false,
    );
  });
});
