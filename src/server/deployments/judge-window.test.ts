import { describe, expect, it } from 'vitest';
import { parseJudgeConfig } from './judge/config.js';
import { judgeWindows } from './judge-window.js';
import type { DecisionEntry } from './model.js';
import { deployment, START } from './test-support/sim.js';

const shifted = (at: number, weight: number): DecisionEntry => ({ at, event: 'shifted', weight, reason: '' });
const judging = { judge: parseJudgeConfig({}) };

describe('judgeWindows', () => {
  it('runs from the first shift to now, cut at every shift below 100%', () => {
    const d = deployment(
      'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      {
        phase: { kind: 'shifting', step: 2, appliedAt: START + 120_000 },
        log: [
          shifted(START, 10),
          {
            at: START + 60_000,
            event: 'advance',
            weight: 10,
            observed: { current: 0, target: 0 },
            reason: '',
          },
          shifted(START + 60_000, 20),
          shifted(START + 120_000, 30),
        ],
      },
      undefined,
      judging,
    );
    expect(judgeWindows(d, START + 150_000)).toEqual({
      from: START,
      to: START + 150_000,
      steps: [
        { from: START, to: START + 60_000 },
        { from: START + 60_000, to: START + 120_000 },
        { from: START + 120_000, to: START + 150_000 },
      ],
    });
  });

  it('is undefined without a judge, before a shift is seen, and for rollbacks', () => {
    const shifting = {
      phase: { kind: 'shifting' as const, step: 0, appliedAt: START },
      log: [shifted(START, 10)],
    };
    const config = 'CodeDeployDefault.LambdaCanary10Percent5Minutes';
    expect(judgeWindows(deployment(config, shifting), START + 1000)).toBeUndefined();
    expect(
      judgeWindows(
        deployment(
          config,
          { ...shifting, phase: { kind: 'shifting', step: 0, appliedAt: undefined } },
          undefined,
          judging,
        ),
        START,
      ),
    ).toBeUndefined();
    expect(
      judgeWindows(deployment(config, { ...shifting, isRollback: true }, undefined, judging), START),
    ).toBeUndefined();
    expect(judgeWindows(deployment(config, shifting, undefined, judging), START + 1000)?.steps).toHaveLength(
      1,
    );
  });
});
