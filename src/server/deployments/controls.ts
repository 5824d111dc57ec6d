import type { DeployEngine } from './engine.js';
import {
  DeploymentAlreadyCompletedException,
  DeploymentDoesNotExistException,
  DeploymentIsNotInReadyStateException,
} from './errors.js';
import { isTerminal, type Deployment } from './model.js';
import type { DeployStore } from './store.js';

/** What the operator's controls (CodeDeploy's API, the dashboard) act through. */
export interface DeploymentControlDeps {
  store: DeployStore;
  engine: DeployEngine;
}

export async function requireDeployment(
  deps: Pick<DeploymentControlDeps, 'store'>,
  id: string,
): Promise<Deployment> {
  const d = await deps.store.read((r) => r.deployment(id));
  if (!d) throw new DeploymentDoesNotExistException(`The deployment ${id} could not be found.`);
  return d;
}

/**
 * StopDeployment's rules: refused once the deployment has completed; `rollback` undefined leaves
 * the choice to the group's auto-rollback configuration.
 */
export async function requestStop(
  deps: DeploymentControlDeps,
  id: string,
  rollback: boolean | undefined,
): Promise<{ status: 'Succeeded' | 'Pending'; statusMessage: string }> {
  await requireDeployment(deps, id);
  const stopped = await deps.engine.update(id, (d) => {
    if (isTerminal(d))
      throw new DeploymentAlreadyCompletedException(
        `The deployment ${id} has already completed (${d.status}).`,
      );
    return { ...d, stopRequest: { autoRollbackEnabled: rollback } };
  });
  return stopped.status === 'Stopped'
    ? { status: 'Succeeded', statusMessage: `Deployment ${id} stopped.` }
    : { status: 'Pending', statusMessage: 'Deployment stop operation is pending.' };
}

/** ContinueDeployment's rules (only between traffic shifts). */
export async function requestContinue(deps: DeploymentControlDeps, id: string): Promise<void> {
  await requireDeployment(deps, id);
  await deps.engine.update(id, (d) => {
    if (isTerminal(d))
      throw new DeploymentAlreadyCompletedException(
        `The deployment ${id} has already completed (${d.status}).`,
      );
    if (!canContinue(d)) {
      throw new DeploymentIsNotInReadyStateException(
        `The deployment ${id} is not waiting between traffic shifts.`,
      );
    }
    return { ...d, advanceRequested: true };
  });
}

/** Whether a deployment is holding a traffic step that ContinueDeployment may end. */
export function canContinue(d: Deployment): boolean {
  return (
    !isTerminal(d) &&
    d.phase.kind === 'shifting' &&
    d.phase.appliedAt !== undefined &&
    d.phase.step < d.schedule.length - 1
  );
}
