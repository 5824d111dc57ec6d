import { DEFAULT_LAMBDA_CONFIG } from './traffic.js';
import type { Deployment, LifecycleEventName, RollbackEvent, StartedDeployment } from './model.js';
import { hasSpec, LIFECYCLE_EVENTS } from './model.js';

/** How a deployment that ends badly ends: status, AWS error code and message, and its rollback trigger. */
export interface Ending {
  status: 'Failed' | 'Stopped';
  code: string;
  message: string;
  /** Which auto-rollback event this ending counts as. */
  trigger: RollbackEvent;
  diagnostics?: { errorCode: 'ScriptTimedOut' | 'ScriptFailed' | 'UnknownError'; message: string };
}

export interface EndResult {
  next: Deployment;
  spawn: Deployment | undefined;
}

/** The running event fails, the ones after it are skipped. */
function closeEvents(d: Deployment, now: number, ending: Ending): Deployment['events'] {
  const events = { ...d.events };
  for (const name of LIFECYCLE_EVENTS) {
    const event = events[name];
    if (event.status === 'InProgress') {
      events[name] = {
        ...event,
        status: 'Failed',
        endTime: now,
        diagnostics: ending.diagnostics ?? { errorCode: 'UnknownError', message: ending.message },
      };
    } else if (event.status === 'Pending') {
      events[name] = { status: 'Skipped' };
    }
  }
  return events;
}

function wantsRollback(d: Deployment, trigger: RollbackEvent): boolean {
  if (d.isRollback || !hasSpec(d)) return false;
  if (trigger === 'DEPLOYMENT_STOP_ON_REQUEST' && d.stopRequest?.autoRollbackEnabled !== undefined) {
    return d.stopRequest.autoRollbackEnabled;
  }
  return d.autoRollback.enabled && d.autoRollback.events.includes(trigger);
}

/** Ends a deployment badly and, if its rollback configuration says so, spawns the rollback deployment. */
export function end(d: Deployment, ending: Ending, now: number, newDeploymentId: () => string): EndResult {
  const rollback = wantsRollback(d, ending.trigger);
  const rollbackId = rollback ? newDeploymentId() : undefined;
  const next: Deployment = {
    ...d,
    status: ending.status,
    completeTime: now,
    startTime: d.startTime ?? now,
    error: { code: ending.code, message: ending.message },
    events: closeEvents(d, now, ending),
    phase: { kind: 'done' },
    log: [
      ...d.log,
      {
        at: now,
        event: ending.status === 'Stopped' ? 'stopped' : 'failed',
        weight: d.targetWeight,
        reason: ending.message,
      },
    ],
    rollbackInfo: rollbackId
      ? {
          rollbackDeploymentId: rollbackId,
          rollbackMessage: `Deployment ${d.id} terminated. Automatic rollback is triggered with a DeploymentId ${rollbackId}.`,
        }
      : d.rollbackInfo,
  };
  // Only a deployment with its AppSpec is rolled back (wantsRollback); `next` keeps d's spec.
  return { next, spawn: rollbackId && hasSpec(next) ? rollbackDeployment(next, rollbackId, now) : undefined };
}

/**
 * The rollback deployment: the same alias moved back to the original version, all at once, with
 * no hooks and no alarm checks, as CodeDeploy records it.
 */
function rollbackDeployment(original: StartedDeployment, id: string, now: number): Deployment {
  const spec = original.spec;
  return {
    ...original,
    id,
    configName: DEFAULT_LAMBDA_CONFIG,
    routing: { type: 'AllAtOnce' },
    schedule: [{ weight: 100, holdMs: 0 }],
    description: undefined,
    creator: 'codeDeployRollback',
    createTime: now,
    startTime: undefined,
    completeTime: undefined,
    status: 'Created',
    error: undefined,
    alarms: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
    overrideAlarmConfiguration: undefined,
    rollbackInfo: {
      rollbackTriggeringDeploymentId: original.id,
      rollbackMessage: `Deployment ${id} is triggered to roll back deployment ${original.id}.`,
    },
    spec: { ...spec, currentVersion: spec.targetVersion, targetVersion: spec.currentVersion, hooks: {} },
    specError: undefined,
    isRollback: true,
    phase: { kind: 'created' },
    events: freshEvents(),
    hookExecutions: {},
    targetWeight: 0,
    stopRequest: undefined,
    log: [
      {
        at: now,
        event: 'created',
        reason: `Rolls back deployment ${original.id}: ${original.error?.message ?? ''}`,
      },
    ],
  };
}

export function freshEvents(): Record<LifecycleEventName, { status: 'Pending' }> {
  return {
    BeforeAllowTraffic: { status: 'Pending' },
    AllowTraffic: { status: 'Pending' },
    AfterAllowTraffic: { status: 'Pending' },
  };
}
