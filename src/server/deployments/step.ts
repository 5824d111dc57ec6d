import { isHoldingForSample } from '../../contracts/deployment-view.js';
import { APPSPEC_INVALID, type LambdaAppSpec } from './appspec.js';
import { end, type Ending } from './endings.js';
import { describeJudgement } from './judge/describe.js';
import { consultJudge, JUDGE_LOOK_MS } from './judge-step.js';
import {
  startedDeployment,
  type Deployment,
  type DecisionEntry,
  type HookEvent,
  type StartedDeployment,
} from './model.js';
import { isTerminal } from './model.js';
import type { AliasView, Effect, Observations } from './observations.js';

/**
 * The deployment engine's decisions, as one pure function: given a deployment, what the world
 * looks like now and the time, return the next state, the effects to carry out (each idempotent)
 * and when to be woken next. The engine persists `next` (and `spawn`, a rollback deployment)
 * before carrying out `effects`, so a crash between any two steps resumes correctly.
 */
export interface StepContext {
  now: number;
  /** A new opaque id for a hook execution. */
  newExecutionId: () => string;
  /** A new deployment id (for rollback deployments). */
  newDeploymentId: () => string;
}

export interface StepResult {
  next: Deployment;
  effects: Effect[];
  /** When to step again (undefined: only when something happens). */
  wakeAt: number | undefined;
  spawn?: Deployment;
}

/** How often a held step re-checks its sample while waiting for traffic. */
export const SAMPLE_RECHECK_MS = 1000;

export function step(d: Deployment, obs: Observations, ctx: StepContext): StepResult {
  if (isTerminal(d)) return { next: d, effects: [], wakeAt: undefined };
  const interrupt = interruption(d, obs);
  if (interrupt) return finish(end(d, interrupt, ctx.now, ctx.newDeploymentId));
  switch (d.phase.kind) {
    case 'created':
      return start(d, obs, ctx);
    case 'hook':
      return onHook(startedDeployment(d), d.phase.executionId, ctx);
    case 'shifting':
      return onShift(startedDeployment(d), obs, ctx);
    case 'done':
      return { next: d, effects: [], wakeAt: undefined };
  }
}

function finish(result: { next: Deployment; spawn: Deployment | undefined }): StepResult {
  return {
    next: result.next,
    effects: [],
    wakeAt: undefined,
    ...(result.spawn ? { spawn: result.spawn } : {}),
  };
}

function log<D extends Deployment>(d: D, entry: DecisionEntry): D {
  return { ...d, log: [...d.log, entry] };
}

/** A stop request, or an alarm, ends any active deployment (rollbacks are not watched). */
function interruption(d: Deployment, obs: Observations): Ending | undefined {
  if (d.fault) return failure(d.fault.code, d.fault.message);
  if (d.stopRequest) {
    return {
      status: 'Stopped',
      code: 'MANUAL_STOP',
      message: 'The deployment was stopped by a StopDeployment request.',
      trigger: 'DEPLOYMENT_STOP_ON_REQUEST',
    };
  }
  if (d.isRollback || !d.alarms.enabled || d.alarms.alarms.length === 0) return undefined;
  const firing = d.alarms.alarms.filter((name) => obs.alarms[name] === 'ALARM');
  if (firing.length > 0) {
    return {
      status: 'Stopped',
      code: 'ALARM_ACTIVE',
      message: `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: ${firing.join(' ')}`,
      trigger: 'DEPLOYMENT_STOP_ON_ALARM',
    };
  }
  const unknown = d.alarms.alarms.filter((name) => obs.alarms[name] === undefined);
  if (unknown.length > 0 && !d.alarms.ignorePollAlarmFailure) {
    return {
      status: 'Stopped',
      code: 'ALARM_ACTIVE',
      message: `The deployment was stopped because CodeDeploy could not read alarms it watches: ${unknown.join(' ')} (they do not exist). Create them, remove them from the alarm configuration, or set ignorePollAlarmFailure.`,
      trigger: 'DEPLOYMENT_STOP_ON_ALARM',
    };
  }
  return undefined;
}

function failure(code: string, message: string): Ending {
  return { status: 'Failed', code, message, trigger: 'DEPLOYMENT_FAILURE' };
}

/** The start-time checks (CodeDeploy User Guide, deployments on an AWS Lambda compute platform), in order; undefined when the deployment may start. */
function startProblem(d: Deployment, obs: Observations): Ending | 'no-op' | undefined {
  if (!d.spec) return failure('INVALID_REVISION', d.specError ?? APPSPEC_INVALID);
  if (d.isRollback) return undefined;
  const { functionName, alias, currentVersion, targetVersion } = d.spec;
  if (!obs.alias) {
    return failure(
      'INVALID_LAMBDA_FUNCTION',
      `The deployment failed because the Lambda function ${functionName} or its alias ${alias} does not exist.`,
    );
  }
  const missing = [
    obs.versionsExist.current ? undefined : currentVersion,
    obs.versionsExist.target ? undefined : targetVersion,
  ].filter((v) => v !== undefined);
  if (missing.length > 0) {
    return failure(
      'INVALID_LAMBDA_FUNCTION',
      `The deployment failed because version ${missing.join(' and ')} of the Lambda function ${functionName} does not exist.`,
    );
  }
  if (obs.alias.functionVersion !== currentVersion) {
    return failure(
      'INVALID_LAMBDA_CONFIGURATION',
      `${APPSPEC_INVALID} The Lambda function alias version does not match the current version in AppSpec file.`,
    );
  }
  if (obs.alias.routing) {
    return failure(
      'INVALID_LAMBDA_CONFIGURATION',
      `${APPSPEC_INVALID} The alias ${alias} already routes ${obs.alias.routing.weight * 100}% of traffic to version ${obs.alias.routing.version}; clear its RoutingConfig (or roll it back) before deploying.`,
    );
  }
  if (currentVersion === targetVersion) {
    return d.routing.type === 'AllAtOnce'
      ? 'no-op'
      : failure(
          'INVALID_LAMBDA_CONFIGURATION',
          `${APPSPEC_INVALID} CurrentVersion and TargetVersion are both ${currentVersion}.`,
        );
  }
  return undefined;
}

function start(d: Deployment, obs: Observations, ctx: StepContext): StepResult {
  const problem = startProblem(d, obs);
  if (problem === 'no-op') {
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
  if (problem) return finish(end(d, problem, ctx.now, ctx.newDeploymentId));
  const checked = startedDeployment(d);
  const spec = checked.spec;
  const started = log(
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
  const next = enterHook(started, 'BeforeAllowTraffic', obs, ctx);
  return { ...next, effects: [...prewarm, ...next.effects] };
}

function alarmStates(d: Deployment, obs: Observations): Record<string, string> {
  return Object.fromEntries(d.alarms.alarms.map((name) => [name, obs.alarms[name] ?? 'MISSING']));
}

/** Runs a hook event: invokes the hook if the AppSpec names one, otherwise the event simply succeeds. */
function enterHook(d: StartedDeployment, event: HookEvent, obs: Observations, ctx: StepContext): StepResult {
  const functionName = d.spec.hooks[event];
  if (!functionName) {
    const passed: StartedDeployment = {
      ...d,
      events: { ...d.events, [event]: { status: 'Succeeded', startTime: ctx.now, endTime: ctx.now } },
    };
    return event === 'BeforeAllowTraffic' ? enterShift(passed, 0, obs, ctx) : succeed(passed, ctx);
  }
  const executionId = ctx.newExecutionId();
  const deadline = ctx.now + d.options.hookTimeoutMs;
  const next: Deployment = log(
    {
      ...d,
      phase: { kind: 'hook', event, executionId },
      events: { ...d.events, [event]: { status: 'InProgress', startTime: ctx.now } },
      hookExecutions: {
        ...d.hookExecutions,
        [executionId]: { event, functionName, status: 'Pending', invoked: false, deadline },
      },
    },
    {
      at: ctx.now,
      event: 'hook-invoked',
      reason: `${event}: invoking ${functionName} and waiting for its status.`,
    },
  );
  return { next, effects: [invokeHook(next, executionId)], wakeAt: deadline };
}

function invokeHook(d: Deployment, executionId: string): Effect {
  return {
    kind: 'invokeHook',
    executionId,
    functionName: d.hookExecutions[executionId]!.functionName,
    payload: { DeploymentId: d.id, LifecycleEventHookExecutionId: executionId },
  };
}

function onHook(d: StartedDeployment, executionId: string, ctx: StepContext): StepResult {
  const exec = d.hookExecutions[executionId]!;
  const name = `The ${exec.event} hook ${exec.functionName}`;
  if (exec.status === 'Succeeded') {
    const passed = log(
      {
        ...d,
        events: {
          ...d.events,
          [exec.event]: { ...d.events[exec.event], status: 'Succeeded', endTime: ctx.now },
        },
      },
      { at: ctx.now, event: 'hook-succeeded', reason: `${name} reported Succeeded.` },
    );
    return exec.event === 'BeforeAllowTraffic' ? enterShift(passed, 0, undefined, ctx) : succeed(passed, ctx);
  }
  if (exec.status === 'Failed') {
    const message = exec.failure ?? `${name} reported Failed.`;
    return finish(
      end(
        d,
        {
          ...failure('HOOK_EXECUTION_FAILURE', message),
          diagnostics: { errorCode: 'ScriptFailed', message },
        },
        ctx.now,
        ctx.newDeploymentId,
      ),
    );
  }
  if (ctx.now >= exec.deadline) {
    const message = `${name} did not report its status (PutLifecycleEventHookExecutionStatus) within ${Math.round(d.options.hookTimeoutMs / 1000)} seconds.`;
    return finish(
      end(
        d,
        {
          ...failure('HOOK_EXECUTION_FAILURE', message),
          diagnostics: { errorCode: 'ScriptTimedOut', message },
        },
        ctx.now,
        ctx.newDeploymentId,
      ),
    );
  }
  // Not invoked yet (the server stopped between deciding and invoking): invoke again.
  const effects = exec.invoked ? [] : [invokeHook(d, executionId)];
  return { next: d, effects, wakeAt: exec.deadline };
}

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

function enterShift(
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

function onShift(shifting: StartedDeployment, obs: Observations, ctx: StepContext): StepResult {
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
    return enterHook(done, 'AfterAllowTraffic', obs, ctx);
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
  const gate = d.options.sampleGate;
  const seen = obs.invocations.target;
  const observed = { ...obs.invocations };
  if (gate && seen < gate.minInvocations) {
    const short = `version ${d.spec.targetVersion} served ${seen} of the ${gate.minInvocations} invocations required at ${current.weight}%`;
    if (gate.policy === 'fail' || (gate.policy === 'hold' && ctx.now >= due + gate.maxHoldMs)) {
      const message =
        gate.policy === 'hold'
          ? `Not enough traffic to judge the new version: ${short} after holding ${formatMs(current.holdMs + gate.maxHoldMs)}.`
          : `Not enough traffic to judge the new version: ${short}.`;
      return finish(
        end(
          log(d, { at: ctx.now, event: 'sample-short', weight: current.weight, observed, reason: message }),
          failure('HEALTH_CONSTRAINTS', message),
          ctx.now,
          ctx.newDeploymentId,
        ),
      );
    }
    if (gate.policy === 'hold') {
      const holding = isHoldingForSample(d.log);
      const next = holding
        ? d
        : log(d, {
            at: ctx.now,
            event: 'holding',
            weight: current.weight,
            observed,
            reason: `Holding: ${short}.`,
          });
      return { next, effects: [], wakeAt: Math.min(due + gate.maxHoldMs, ctx.now + SAMPLE_RECHECK_MS) };
    }
  }
  const verdict =
    gate && seen < gate.minInvocations
      ? `passed without a full sample (${seen}/${gate.minInvocations}; policy pass)`
      : gate
        ? `sample met (${seen}/${gate.minInvocations})`
        : 'hold elapsed';
  const advanced = log(d, {
    at: ctx.now,
    event: 'advance',
    weight: current.weight,
    observed,
    alarms: alarmStates(d, obs),
    ...(d.judgement ? { judge: d.judgement.result } : {}),
    reason: `Step ${index + 1} done: ${verdict}; no alarm fired${d.judgement ? `; ${describeJudgement(d.judgement.result)}` : ''}.`,
  });
  return enterShift(advanced, index + 1, obs, ctx);
}

function succeed(d: Deployment, ctx: StepContext): StepResult {
  const done = log(
    { ...d, status: 'Succeeded', completeTime: ctx.now, phase: { kind: 'done' }, targetWeight: 100 },
    {
      at: ctx.now,
      event: 'succeeded',
      weight: 100,
      reason: d.isRollback ? 'Rollback complete.' : 'All traffic is on the new version.',
    },
  );
  return { next: done, effects: [], wakeAt: undefined };
}

function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}
