import type { Random } from '../../../../common/random.js';
import { Distribution } from '../../../metrics/distribution.js';
import type { JudgeInput, VersionSample } from '../checks.js';
import type { JudgeConfig } from '../config.js';
import { judge, mayEndStepEarly } from '../judge.js';

/**
 * A canary on virtual time with simulated traffic: Poisson arrivals, each routed to the new
 * version with the step's weight, failing with its version's error rate and taking a latency
 * drawn from its version's distribution, recorded into the same sketches the metrics keep.
 * The deployment is guarded by the judge (looking every `lookMs`), by a CloudWatch-style alarm
 * on the new version's per-minute datapoints, or by nothing.
 */

export interface VersionBehaviour {
  errorRate: number;
  /** Latency in ms, drawn from `random`. */
  latency(random: Random): number;
}

export interface Scenario {
  rps: number;
  /** Percent on the new version and how long each step holds; the last is 100. */
  schedule: { weight: number; holdMs: number }[];
  current: VersionBehaviour;
  target: VersionBehaviour;
}

/** A fixed-threshold alarm on the new version: `datapoints` of the last `periods` one-minute values above `threshold`. */
export interface AlarmRule {
  metric: 'Errors' | 'p99';
  threshold: number;
  datapoints: number;
  periods: number;
}

export type Guard =
  | { kind: 'judge'; config: JudgeConfig; lookMs: number }
  | { kind: 'alarm'; alarm: AlarmRule }
  | { kind: 'none' };

export interface Outcome {
  result: 'rolled-back' | 'promoted';
  /** Time from the first shift to the rollback or to 100%. */
  durationMs: number;
  /** Requests the new version served before the deployment ended (its users). */
  targetRequests: number;
  targetErrors: number;
  /** The new version's one-minute datapoints while it ran beside the current one. */
  minutes: { errors: number; p99: number | undefined }[];
}

/** A lognormal latency with this median and log-sd. */
export function lognormal(medianMs: number, sigma: number): VersionBehaviour['latency'] {
  return (random) => {
    const u = 1 - random.next();
    const v = random.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return medianMs * Math.exp(sigma * z);
  };
}

function poisson(random: Random, mean: number): number {
  // Knuth's product of uniforms; means here are a few dozen at most.
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

interface Side {
  invocations: number;
  errors: number;
  duration: Distribution;
}

const side = (): Side => ({ invocations: 0, errors: 0, duration: new Distribution() });

function sample(s: Side): VersionSample {
  return { invocations: s.invocations, errors: s.errors, duration: s.duration, metrics: {} };
}

const MINUTE = 60_000;

function alarmFires(rule: AlarmRule, minutes: Outcome['minutes']): boolean {
  const recent = minutes.slice(-rule.periods);
  const breaching = recent.filter((m) => {
    const value = rule.metric === 'Errors' ? m.errors : m.p99;
    return value !== undefined && value > rule.threshold;
  });
  return breaching.length >= rule.datapoints;
}

export function simulateCanary(scenario: Scenario, guard: Guard, random: Random): Outcome {
  const whole = { current: side(), target: side() };
  const strata: JudgeInput['strata'] = [];
  const minutes: Outcome['minutes'] = [];
  let minute = { errors: 0, duration: new Distribution() };
  let stepIndex = 0;
  let stepStart = 0;
  let stepSide = { current: side(), target: side() };
  const done = (result: Outcome['result'], at: number): Outcome => ({
    result,
    durationMs: at,
    targetRequests: whole.target.invocations,
    targetErrors: whole.target.errors,
    minutes,
  });
  for (let now = 0; ; now += 1000) {
    if (scenario.schedule[stepIndex]!.weight >= 100) return done('promoted', now);
    const elapsed = now - stepStart;
    let advance = elapsed >= scenario.schedule[stepIndex]!.holdMs;
    if (now > 0 && now % MINUTE === 0) {
      minutes.push({ errors: minute.errors, p99: minute.duration.percentile(0.99) });
      minute = { errors: 0, duration: new Distribution() };
      if (guard.kind === 'alarm' && alarmFires(guard.alarm, minutes)) return done('rolled-back', now);
    }
    if (guard.kind === 'judge' && now > 0 && now % guard.lookMs === 0) {
      const input: JudgeInput = {
        current: sample(whole.current),
        target: sample(whole.target),
        strata: [...strata, stepCounts(stepSide)],
      };
      const verdict = judge(guard.config, input, { pValues: false });
      if (verdict.verdict === 'fail') return done('rolled-back', now);
      const step = { elapsedMs: elapsed, targetInvocations: stepSide.target.invocations };
      if (mayEndStepEarly(guard.config, verdict, step)) advance = true;
    }
    if (advance) {
      strata.push(stepCounts(stepSide));
      stepSide = { current: side(), target: side() };
      stepIndex++;
      stepStart = now;
      if (scenario.schedule[stepIndex]!.weight >= 100) return done('promoted', now);
    }
    const step = scenario.schedule[stepIndex]!;
    const arrivals = poisson(random, scenario.rps);
    for (let i = 0; i < arrivals; i++) {
      const onTarget = random.next() * 100 < step.weight;
      const behaviour = onTarget ? scenario.target : scenario.current;
      const failed = random.next() < behaviour.errorRate;
      const latency = behaviour.latency(random);
      for (const s of onTarget ? [whole.target, stepSide.target] : [whole.current, stepSide.current]) {
        s.invocations++;
        if (failed) s.errors++;
      }
      (onTarget ? whole.target : whole.current).duration.add(latency);
      if (onTarget) {
        if (failed) minute.errors++;
        minute.duration.add(latency);
      }
    }
  }
}

function stepCounts(s: { current: Side; target: Side }): NonNullable<JudgeInput['strata']>[number] {
  return {
    current: { invocations: s.current.invocations, errors: s.current.errors },
    target: { invocations: s.target.invocations, errors: s.target.errors },
  };
}
