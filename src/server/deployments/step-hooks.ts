import { end } from './endings.js';
import type { Deployment, HookEvent, StartedDeployment } from './model.js';
import type { Effect } from './observations.js';
import { log } from './step-log.js';
import { failure, finish, type StepContext, type StepResult } from './step-result.js';

/** What follows a lifecycle event that passed: traffic shifting, or success. */
export type AfterHook = (passed: StartedDeployment) => StepResult;

/**
 * Runs a hook event: invokes the hook if the AppSpec names one, and waits for its status;
 * otherwise the event simply succeeds.
 */
export function enterHook(
  d: StartedDeployment,
  event: HookEvent,
  ctx: StepContext,
  then: AfterHook,
): StepResult {
  const functionName = d.spec.hooks[event];
  if (!functionName) {
    return then({
      ...d,
      events: { ...d.events, [event]: { status: 'Succeeded', startTime: ctx.now, endTime: ctx.now } },
    });
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

/** A deployment waiting on a hook: its reported status, its deadline, or an invocation still owed. */
export function onHook(
  d: StartedDeployment,
  executionId: string,
  ctx: StepContext,
  then: (passed: StartedDeployment, event: HookEvent) => StepResult,
): StepResult {
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
    return then(passed, exec.event);
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

/** The last event passed: all traffic is on the new version (or, for a rollback, back on the old). */
export function succeed(d: Deployment, ctx: StepContext): StepResult {
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
