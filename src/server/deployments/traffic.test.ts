import { describe, expect, it } from 'vitest';
import { PREDEFINED_LAMBDA_CONFIGS, routingProblem, scheduleOf, weightFunction } from './traffic.js';

const MIN = 60_000;

describe('schedules of the predefined configs', () => {
  it.each([
    ['CodeDeployDefault.LambdaAllAtOnce', [[100, 0]]],
    [
      'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      [
        [10, 5 * MIN],
        [100, 0],
      ],
    ],
    [
      'CodeDeployDefault.LambdaCanary10Percent30Minutes',
      [
        [10, 30 * MIN],
        [100, 0],
      ],
    ],
    [
      'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      [10, 20, 30, 40, 50, 60, 70, 80, 90].map((w) => [w, MIN]).concat([[100, 0]]),
    ],
    [
      'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
      [10, 20, 30, 40, 50, 60, 70, 80, 90].map((w) => [w, 10 * MIN]).concat([[100, 0]]),
    ],
  ])('%s', (name, steps) => {
    expect(scheduleOf(PREDEFINED_LAMBDA_CONFIGS[name]!).map((s) => [s.weight, s.holdMs])).toEqual(steps);
  });

  it('a linear percentage that does not divide 100 ends with a short last step', () => {
    const steps = scheduleOf({ type: 'TimeBasedLinear', linearPercentage: 30, linearIntervalMinutes: 2 });
    expect(steps.map((s) => s.weight)).toEqual([30, 60, 90, 100]);
  });
});

describe('custom config rules', () => {
  it.each([
    [{ type: 'TimeBasedCanary' as const, canaryPercentage: 0, canaryIntervalMinutes: 5 }, /between 1 and 99/],
    [
      { type: 'TimeBasedCanary' as const, canaryPercentage: 100, canaryIntervalMinutes: 5 },
      /between 1 and 99/,
    ],
    [
      { type: 'TimeBasedCanary' as const, canaryPercentage: 10, canaryIntervalMinutes: 2881 },
      /exceeds the maximum of 2880/,
    ],
    [{ type: 'TimeBasedLinear' as const, linearPercentage: 1, linearIntervalMinutes: 30 }, /2970 minutes/],
  ])('%j is refused', (routing, message) => {
    expect(routingProblem(routing)).toMatch(message);
  });

  it('accepts the limits themselves', () => {
    expect(
      routingProblem({ type: 'TimeBasedCanary', canaryPercentage: 99, canaryIntervalMinutes: 2880 }),
    ).toBeUndefined();
    expect(routingProblem({ type: 'AllAtOnce' })).toBeUndefined();
  });
});

describe('the simple deploy workflow weights', () => {
  it('linear and exponential end at 100', () => {
    expect(weightFunction('linear', 4, 1000).map((s) => s.weight)).toEqual([25, 50, 75, 100]);
    expect(weightFunction('exponential', 4, 1000).map((s) => s.weight)).toEqual([12.5, 25, 50, 100]);
    expect(weightFunction('linear', 3, 1000).map((s) => s.weight)).toEqual([33.33, 66.67, 100]);
    expect(weightFunction('linear', 1, 1000)).toEqual([{ weight: 100, holdMs: 0 }]);
  });
});
