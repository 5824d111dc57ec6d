import { end } from './endings.js';
import {
  isTerminal,
  startedDeployment,
  type Deployment,
  type HookEvent,
  type StartedDeployment,
} from './model.js';
import type { Effect, Observations } from './observations.js';
import { interruption, startProblem } from './step-checks.js';
import { enterHook, onHook, succeed } from './step-hooks.js';
import { alarmStates, log } from './step-log.js';
import { finish, type StepContext, type StepResult } from './step-result.js';
import { enterShift, onShift } from './step-shift.js';

export type { StepContext, StepResult } from './step-result.js';

/**
 * The deployment engine's decisions, as one pure function: given a deployment, what the world
 * looks like now and the time, return the next state, the effects to carry out (each idempotent)
 * and when to be woken next (see StepResult). Its phases: start checks (step-checks.ts), lifecycle
 * hooks (step-hooks.ts), traffic shifting (step-shift.ts, step-sample-gate.ts).
 */
export function step(d: Deployment, obs: Observations, ctx: StepContext): StepResult {
  if (isTerminal(d)) return { next: d, effects: [], wakeAt: undefined };
  const interrupt = interruption(d, obs);
  if (interrupt) return finish(end(d, interrupt, ctx.now, ctx.newDeploymentId));
  switch (d.phase.kind) {
    case 'created':
      return start(d, obs, ctx);
    case 'hook':
      return onHook(startedDeployment(d), d.phase.executionId, ctx, (passed, event: HookEvent) =>
        event === 'BeforeAllowTraffic' ? enterShift(passed, 0, undefined, ctx) : succeed(passed, ctx),
      );
    case 'shifting':
      return onShift(startedDeployment(d), obs, ctx);
    case 'done':
      return { next: d, effects: [], wakeAt: undefined };
  }
}

function start(d: Deployment, obs: Observations, ctx: StepContext): StepResult {
  const problem = startProblem(d, obs);
  if (problem === 'no-op') return alreadyThere(d, ctx);
  if (problem) return finish(end(d, problem, ctx.now, ctx.newDeploymentId));
  const checked = startedDeployment(d);
  const spec = checked.spec;
  const started: StartedDeployment = log(
    { ...checked, status: 'InProgress', startTime: ctx.now },
    {
      at: ctx.now,
      event: 'started',
      alarms: alarmStates(d, obs),
      reason: d.isRollback
        ? `Restoring ${spec.functionName}:${spec.alias} to version ${spec.targetVersion}.`
        : `Shifting ${spec.functionName}:${spec.alias} from version ${spec.currentVersion} to ${spec.targetVersion} (${d.schedule.map((s) => `${s.weight}%`).join(' -> ')}).`,
    },
  );
  const prewarm: Effect[] =
    d.options.prewarm && !d.isRollback
      ? [
          {
            kind: 'prewarm',
            functionName: spec.functionName,
            version: spec.targetVersion,
            like: spec.currentVersion,
          },
        ]
      : [];
  const next = enterHook(started, 'BeforeAllowTraffic', ctx, (passed) => enterShift(passed, 0, obs, ctx));
  return { ...next, effects: [...prewarm, ...next.effects] };
}

/** AllAtOnce to the version the alias already points at: done at once, every event passed. */
function alreadyThere(d: Deployment, ctx: StepContext): StepResult {
  const done: Deployment = {
    ...d,
    status: 'Succeeded',
    startTime: ctx.now,
    completeTime: ctx.now,
    phase: { kind: 'done' },
    targetWeight: 100,
    events: {
      BeforeAllowTraffic: { status: 'Succeeded', startTime: ctx.now, endTime: ctx.now },
      AllowTraffic: { status: 'Succeeded', startTime: ctx.now, endTime: ctx.now },
      AfterAllowTraffic: { status: 'Succeeded', startTime: ctx.now, endTime: ctx.now },
    },
  };
  return {
    next: log(done, {
      at: ctx.now,
      event: 'succeeded',
      weight: 100,
      reason: 'The alias already points at the target version.',
    }),
    effects: [],
    wakeAt: undefined,
  };
}
