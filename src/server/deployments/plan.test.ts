import { describe, expect, it } from 'vitest';
import { planOf } from './plan.js';
import { PREDEFINED_LAMBDA_CONFIGS, scheduleOf } from './traffic.js';

describe('planOf', () => {
  it('previews a canary at 10 requests a second', () => {
    const plan = planOf(
      scheduleOf(PREDEFINED_LAMBDA_CONFIGS['CodeDeployDefault.LambdaCanary10Percent5Minutes']!),
      10,
      500,
    );
    expect(plan.steps).toEqual([
      { weight: 10, startsAtMs: 0, holdMs: 300_000, expectedOnTarget: 300 },
      { weight: 100, startsAtMs: 300_000, holdMs: 0, expectedOnTarget: 0 },
    ]);
    expect(plan.shiftMs).toBe(300_000);
    expect(plan.worstCaseExposure).toEqual({ requests: 300, percentOfTraffic: 10 });
    expect(plan.sample).toEqual({ minInvocations: 500, stepsShort: [10] });
  });

  it('a linear rollout exposes the average weight of its steps', () => {
    const plan = planOf(
      scheduleOf(PREDEFINED_LAMBDA_CONFIGS['CodeDeployDefault.LambdaLinear10PercentEvery1Minute']!),
      100,
    );
    expect(plan.shiftMs).toBe(9 * 60_000);
    expect(plan.worstCaseExposure.requests).toBe(
      6000 * (0.1 + 0.2 + 0.3 + 0.4 + 0.5 + 0.6 + 0.7 + 0.8 + 0.9),
    );
    expect(plan.worstCaseExposure.percentOfTraffic).toBe(50);
  });

  it('the share of traffic exposed does not depend on the rate', () => {
    const linear = scheduleOf(
      PREDEFINED_LAMBDA_CONFIGS['CodeDeployDefault.LambdaLinear10PercentEvery1Minute']!,
    );
    expect(planOf(linear, 0.001).worstCaseExposure).toEqual({ requests: 0, percentOfTraffic: 50 });
    expect(planOf(linear, 0.1).worstCaseExposure).toEqual({ requests: 27, percentOfTraffic: 50 });
    expect(planOf(linear, 0).worstCaseExposure.percentOfTraffic).toBe(50);
  });

  it('all at once exposes nothing before completion', () => {
    expect(planOf([{ weight: 100, holdMs: 0 }], 50).worstCaseExposure).toEqual({
      requests: 0,
      percentOfTraffic: 0,
    });
  });
});
