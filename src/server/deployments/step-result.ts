import type { Ending } from './endings.js';
import type { Deployment } from './model.js';
import type { Effect } from './observations.js';

/** What a step needs besides the deployment and the world: the time, and new ids. */
export interface StepContext {
  now: number;
  /** A new opaque id for a hook execution. */
  newExecutionId: () => string;
  /** A new deployment id (for rollback deployments). */
  newDeploymentId: () => string;
}

/**
 * The next state, the effects to carry out (each idempotent) and when to be woken next. The
 * engine persists `next` (and `spawn`, a rollback deployment) before carrying out `effects`, so a
 * crash between any two steps resumes correctly.
 */
export interface StepResult {
  next: Deployment;
  effects: Effect[];
  /** When to step again (undefined: only when something happens). */
  wakeAt: number | undefined;
  spawn?: Deployment;
}

/** A deployment that ended: nothing more to do, and perhaps a rollback deployment to start. */
export function finish(result: { next: Deployment; spawn: Deployment | undefined }): StepResult {
  return {
    next: result.next,
    effects: [],
    wakeAt: undefined,
    ...(result.spawn ? { spawn: result.spawn } : {}),
  };
}

export function failure(code: string, message: string): Ending {
  return { status: 'Failed', code, message, trigger: 'DEPLOYMENT_FAILURE' };
}
