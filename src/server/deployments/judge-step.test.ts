import { describe, expect, it } from 'vitest';
import { parseJudgeConfig } from './judge/config.js';
import type { JudgeInput } from './judge/checks.js';
import { deployment, simulate, START, World } from './test-support/sim.js';

const MINUTE = 60_000;

function counts(current: [number, number], target: [number, number]): JudgeInput {
  return {
    current: { invocations: current[0], errors: current[1], duration: undefined, metrics: {} },
    target: { invocations: target[0], errors: target[1], duration: undefined, metrics: {} },
  };
}

const rollbackOnStop = { autoRollback: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM' as const] } };

describe('a deployment with a judge', () => {
  it('Given 2% errors against 0.3%, the judge stops it like an alarm and it rolls back', () => {
    const world = new World();
    world.judge = counts([0, 0], [0, 0]);
    const d = deployment('CodeDeployDefault.LambdaCanary10Percent30Minutes', rollbackOnStop, undefined, {
      judge: parseJudgeConfig({ latency: false }),
    });
    const { deployments } = simulate(d, world, [
      { at: START + 5 * MINUTE, act: (w) => void (w.judge = counts([5400, 16], [600, 12])) },
    ]);
    const [first, rollback] = deployments;
    expect(first).toMatchObject({ status: 'Stopped', error: { code: 'ALARM_ACTIVE' } });
    expect(first!.error!.message).toMatch(
      /^The judge found version 2 worse than version 1 over the same window, and the deployment was stopped: errors 2\.0% vs 0\.30% \(tolerated 20%\), p [<=] /,
    );
    // It decided at its first look after the traffic changed, not at the end of the 30 minutes.
    expect(first!.completeTime).toBeLessThanOrEqual(START + 5 * MINUTE + 10_000);
    const decided = first!.log.find((e) => e.event === 'judge-failed')!;
    expect(decided.judge?.checks[0]).toMatchObject({ check: 'errors', verdict: 'fail' });
    expect(decided.reason).toMatch(/^judge: errors 2\.0% vs 0\.30% .* -> roll back$/);
    expect(rollback).toMatchObject({ isRollback: true, status: 'Succeeded' });
  });

  it('Given no evidence either way, the canary runs its schedule, with the judgement on each step', () => {
    const world = new World();
    world.judge = counts([5400, 16], [600, 2]);
    const d = deployment('CodeDeployDefault.LambdaCanary10Percent30Minutes', {}, undefined, {
      judge: parseJudgeConfig({ latency: false }),
    });
    const { deployments } = simulate(d, world);
    const [done] = deployments;
    expect(done).toMatchObject({ status: 'Succeeded' });
    expect(done!.completeTime! - done!.startTime!).toBe(30 * MINUTE);
    const advance = done!.log.find((e) => e.event === 'advance')!;
    expect(advance.judge?.verdict).toBe('not-yet');
    expect(advance.reason).toMatch(/no alarm fired; judge: errors .* -> not yet\.$/);
    expect(done!.judgement?.result.verdict).toBe('not-yet');
  });

  it('Given early promotion and a new version surely within tolerance, the step ends after its minimum time', () => {
    const world = new World();
    world.judge = counts([90_000, 270], [10_000, 30]);
    const d = deployment('CodeDeployDefault.LambdaCanary10Percent30Minutes', {}, undefined, {
      judge: parseJudgeConfig({
        latency: false,
        errors: { passWithin: 0.01 },
        earlyPromotion: { minStepSeconds: 120, minInvocations: 100 },
      }),
    });
    // The step's traffic, as the engine counts it since the shift.
    const traffic = {
      at: START + MINUTE,
      act: (w: World) => void (w.invocations = { current: 900, target: 100 }),
    };
    const { deployments } = simulate(d, world, [traffic]);
    const [done] = deployments;
    expect(done).toMatchObject({ status: 'Succeeded' });
    expect(done!.completeTime! - done!.startTime!).toBe(2 * MINUTE);
    expect(done!.log.find((e) => e.event === 'judge-passed')?.reason).toMatch(
      /^Step 1 ended early: judge: errors 0\.30% vs 0\.30% .* -> no worse\.$/,
    );
  });

  it('Without a judge, the step holds its time in one wait', () => {
    const world = new World();
    world.judge = counts([5400, 16], [600, 12]);
    const { deployments } = simulate(deployment('CodeDeployDefault.LambdaCanary10Percent30Minutes'), world);
    expect(deployments[0]).toMatchObject({ status: 'Succeeded' });
    expect(deployments[0]!.judgement).toBeUndefined();
  });
});
