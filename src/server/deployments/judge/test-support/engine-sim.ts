import type { Random } from '../../../../common/random.js';
import { Distribution } from '../../../metrics/distribution.js';
import type { Deployment } from '../../model.js';
import { isTerminal } from '../../model.js';
import { deployment, simulate, START, World } from '../../test-support/sim.js';
import type { JudgeInput } from '../checks.js';
import type { AlarmRule, Guard, Outcome, Scenario } from './traffic-sim.js';

/**
 * The same simulated canary as traffic-sim.ts, but decided by the deployment engine's own pure
 * step function (the judge consulted by step, early promotion, the alarm interruption, the
 * rollback it spawns), with traffic generated in 10-second slices between steps.
 */

const SLICE_MS = 10_000;
const ALARM = 'sim-alarm';

interface Side {
  invocations: number;
  errors: number;
  duration: Distribution;
}
const side = (): Side => ({ invocations: 0, errors: 0, duration: new Distribution() });

function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

function targetPercent(world: World, d: Deployment): number {
  const alias = world.alias;
  if (!alias || !d.spec) return 0;
  if (alias.functionVersion === d.spec.targetVersion) return 100;
  return alias.routing?.version === d.spec.targetVersion ? alias.routing.weight * 100 : 0;
}

function breaching(rule: AlarmRule, minutes: Outcome['minutes']): boolean {
  const recent = minutes.slice(-rule.periods);
  const over = recent.filter((m) => {
    const value = rule.metric === 'Errors' ? m.errors : m.p99;
    return value !== undefined && value > rule.threshold;
  });
  return over.length >= rule.datapoints;
}

export function simulateThroughEngine(scenario: Scenario, guard: Guard, random: Random): Outcome {
  const holds = scenario.schedule;
  const d = deployment(
    'CodeDeployDefault.LambdaCanary10Percent30Minutes',
    {
      schedule: holds.map((s) => ({ weight: s.weight, holdMs: s.holdMs })),
      autoRollback: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
      alarms: {
        enabled: guard.kind === 'alarm',
        ignorePollAlarmFailure: false,
        alarms: guard.kind === 'alarm' ? [ALARM] : [],
      },
    },
    undefined,
    guard.kind === 'judge' ? { judge: guard.config } : {},
  );
  const world = new World();
  world.alarms[ALARM] = 'OK';
  const whole = { current: side(), target: side() };
  const strata: NonNullable<JudgeInput['strata']> = [];
  let step = { weight: -1, current: side(), target: side() };
  const minutes: Outcome['minutes'] = [];
  let minute = { errors: 0, duration: new Distribution() };
  let ended: Deployment | undefined;
  const total = holds.reduce((sum, s) => sum + s.holdMs, 0);
  const events = Array.from({ length: Math.ceil(total / SLICE_MS) + 2 }, (_, i) => ({
    at: START + (i + 1) * SLICE_MS,
    act(w: World, current: Deployment): void {
      if (ended || isTerminal(current)) {
        ended ??= current;
        return;
      }
      const weight = targetPercent(w, current);
      if (weight !== step.weight) {
        if (step.weight > 0) strata.push(countsOf(step));
        step = { weight, current: side(), target: side() };
      }
      for (let s = 0; s < SLICE_MS / 1000; s++) {
        for (let k = poisson(random, scenario.rps); k > 0; k--) {
          const onTarget = random.next() * 100 < weight;
          const behaviour = onTarget ? scenario.target : scenario.current;
          const failed = random.next() < behaviour.errorRate;
          const latency = behaviour.latency(random);
          for (const x of onTarget ? [whole.target, step.target] : [whole.current, step.current]) {
            x.invocations++;
            if (failed) x.errors++;
          }
          (onTarget ? whole.target : whole.current).duration.add(latency);
          if (onTarget) {
            if (failed) minute.errors++;
            minute.duration.add(latency);
          }
        }
      }
      w.invocations = { current: step.current.invocations, target: step.target.invocations };
      w.judge = {
        current: { ...whole.current, metrics: {} },
        target: { ...whole.target, metrics: {} },
        strata: [...strata, countsOf(step)],
      };
      if ((i + 1) % 6 === 0) {
        minutes.push({ errors: minute.errors, p99: minute.duration.percentile(0.99) });
        minute = { errors: 0, duration: new Distribution() };
        if (guard.kind === 'alarm') w.alarms[ALARM] = breaching(guard.alarm, minutes) ? 'ALARM' : 'OK';
      }
    },
  }));
  const { deployments } = simulate(d, world, events, START + total + 60_000);
  const final = deployments[0]!;
  const at = (final.completeTime ?? START + total) - (final.startTime ?? START);
  return {
    result: final.status === 'Succeeded' ? 'promoted' : 'rolled-back',
    durationMs: at,
    targetRequests: whole.target.invocations,
    targetErrors: whole.target.errors,
    minutes,
  };
}

function countsOf(s: { current: Side; target: Side }): NonNullable<JudgeInput['strata']>[number] {
  return {
    current: { invocations: s.current.invocations, errors: s.current.errors },
    target: { invocations: s.target.invocations, errors: s.target.errors },
  };
}
