import type { LambdaAppSpec } from './appspec.js';
import { end } from './endings.js';
import { describeJudgement } from './judge/describe.js';
import { consultJudge, JUDGE_LOOK_MS } from './judge-step.js';
import type { StartedDeployment } from './model.js';
import type { AliasView, Effect, Observations } from './observations.js';
import { enterHook, succeed } from './step-hooks.js';
import { alarmStates, formatMs, log } from './step-log.js';
import { finish, type StepContext, type StepResult } from './step-result.js';
import { sampleGate } from './step-sample-gate.js';

/** The alias as a step wants it: below 100% the current version stays primary with the target weighted. */
export function desiredAlias(spec: LambdaAppSpec, weight: number): AliasView {
  return weight >= 100
    ? { functionVersion: spec.targetVersion, routing: undefined }
    : {
        functionVersion: spec.currentVersion,
        routing: { version: spec.targetVersion, weight: weight / 100 },
      };
}

function sameAlias(a: AliasView | undefined, b: AliasView): boolean {
  if (!a || a.functionVersion !== b.functionVersion) return false;
  if (!a.routing || !b.routing) return !a.routing && !b.routing;
  return a.routing.version === b.routing.version && Math.abs(a.routing.weight - b.routing.weight) < 1e-9;
}

/** Starts step `index` of the schedule (the first one starts AllowTraffic). */
export function enterShift(
  d: StartedDeployment,
  index: number,
  obs: Observations | undefined,
  ctx: StepContext,
): StepResult {
  const next: StartedDeployment = {
    ...d,
    phase: { kind: 'shifting', step: index, appliedAt: undefined },
    events:
      index === 0 ? { ...d.events, AllowTraffic: { status: 'InProgress', startTime: ctx.now } } : d.events,
  };
  return shiftEffect(next, obs?.alias, ctx);
}

/** Asks for the alias change this step needs and to be stepped again right after it. */
function shiftEffect(d: StartedDeployment, current: AliasView | undefined, ctx: StepContext): StepResult {
  if (d.phase.kind !== 'shifting') throw new Error('not shifting');
  const spec = d.spec;
  const wanted = desiredAlias(spec, d.schedule[d.phase.step]!.weight);
  if (sameAlias(current, wanted)) return { next: d, effects: [], wakeAt: ctx.now };
  const effect: Effect = {
    kind: 'setAlias',
    functionName: spec.functionName,
    alias: spec.alias,
    functionVersion: wanted.functionVersion,
    weights: wanted.routing ? { [wanted.routing.version]: wanted.routing.weight } : {},
  };
  return { next: d, effects: [effect], wakeAt: ctx.now };
}

/**
 * A step of the schedule: the alias set to its weight, then held; a ContinueDeployment request,
 * the judge or the end of the hold (under the sample gate) moves on to the next step.
 */
export function onShift(shifting: StartedDeployment, obs: Observations, ctx: StepContext): StepResult {
  let d = shifting;
  if (d.phase.kind !== 'shifting') throw new Error('not shifting');
  const { step: index, appliedAt } = d.phase;
  const current = d.schedule[index]!;
  const last = index === d.schedule.length - 1;
  const wanted = desiredAlias(d.spec, current.weight);
  if (!sameAlias(obs.alias, wanted)) return shiftEffect(d, obs.alias, ctx);
  if (appliedAt === undefined) {
    const applied = log(
      { ...d, phase: { ...d.phase, appliedAt: ctx.now }, targetWeight: current.weight },
      {
        at: ctx.now,
        event: 'shifted',
        weight: current.weight,
        alarms: alarmStates(d, obs),
        reason: `Step ${index + 1} of ${d.schedule.length}: ${current.weight}% of traffic on version ${d.spec.targetVersion}${last ? '' : `, held ${formatMs(current.holdMs)}`}.`,
      },
    );
    if (!last) return { next: applied, effects: [], wakeAt: ctx.now + current.holdMs };
    const done = {
      ...applied,
      events: {
        ...applied.events,
        AllowTraffic: { ...applied.events.AllowTraffic, status: 'Succeeded' as const, endTime: ctx.now },
      },
    };
    return enterHook(done, 'AfterAllowTraffic', ctx, (passed) => succeed(passed, ctx));
  }
  if (d.advanceRequested) {
    const advanced = log(
      { ...d, advanceRequested: false },
      {
        at: ctx.now,
        event: 'advance',
        weight: current.weight,
        observed: { ...obs.invocations },
        reason: `Step ${index + 1} ended early by a ContinueDeployment request.`,
      },
    );
    return enterShift(advanced, index + 1, obs, ctx);
  }
  const judged = consultJudge(d, obs, ctx.now);
  switch (judged.kind) {
    case 'rollback':
      return finish(end(judged.next, judged.ending, ctx.now, ctx.newDeploymentId));
    case 'early':
      return enterShift(judged.next, index + 1, obs, ctx);
    case 'continue':
      d = judged.next;
      break;
    case 'none':
      break;
  }
  const due = appliedAt + current.holdMs;
  if (ctx.now < due) {
    return { next: d, effects: [], wakeAt: d.options.judge ? Math.min(due, ctx.now + JUDGE_LOOK_MS) : due };
  }
  const gated = sampleGate(d, obs, ctx, due);
  if (!('advance' in gated)) return gated;
  const advanced = log(d, {
    at: ctx.now,
    event: 'advance',
    weight: current.weight,
    observed: { ...obs.invocations },
    alarms: alarmStates(d, obs),
    ...(d.judgement ? { judge: d.judgement.result } : {}),
    reason: `Step ${index + 1} done: ${gated.advance}; no alarm fired${d.judgement ? `; ${describeJudgement(d.judgement.result)}` : ''}.`,
  });
  return enterShift(advanced, index + 1, obs, ctx);
}
