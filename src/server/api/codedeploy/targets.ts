import { z } from 'zod';
import type { Deployment } from '../../deployments/model.js';
import {
  DeploymentNotStartedException,
  DeploymentTargetDoesNotExistException,
  DeploymentTargetIdRequiredException,
  DeploymentTargetListSizeExceededException,
} from '../../deployments/errors.js';
import { requireDeployment } from '../../deployments/controls.js';
import { targetStatus } from '../../deployments/view.js';
import { operation } from '../operation.js';
import { deploymentId, named } from './input.js';
import type { CodeDeployDeps } from './operation.js';
import { deploymentTarget, targetIdOf } from './wire.js';

/** A Lambda deployment has exactly one target, `<function>:<alias>`, once it has started. */
async function started(deps: CodeDeployDeps, id: string): Promise<Deployment> {
  const d = await requireDeployment(deps, id);
  if (d.status === 'Created' || !d.spec) {
    throw new DeploymentNotStartedException(`The deployment ${d.id} has not started yet.`);
  }
  return d;
}

export const listDeploymentTargets = operation(
  'ListDeploymentTargets',
  () =>
    z.object({
      deploymentId,
      targetFilters: z.object({ TargetStatus: z.array(z.string()).optional() }).optional(),
    }),
  async (input, deps: CodeDeployDeps) => {
    const d = await started(deps, input.deploymentId);
    const statuses = input.targetFilters?.TargetStatus;
    const matches = !statuses || statuses.includes(targetStatus(d));
    return { targetIds: matches ? [targetIdOf(d)] : [] };
  },
);

export const getDeploymentTarget = operation(
  'GetDeploymentTarget',
  () =>
    z.object({
      deploymentId,
      targetId: named(
        z.string().min(1),
        () => new DeploymentTargetIdRequiredException('A deployment target ID must be specified.'),
      ),
    }),
  async (input, deps: CodeDeployDeps) => {
    const d = await started(deps, input.deploymentId);
    if (input.targetId !== targetIdOf(d)) {
      throw new DeploymentTargetDoesNotExistException(
        `The deployment ${d.id} has no target ${input.targetId}.`,
      );
    }
    return { deploymentTarget: deploymentTarget(d, deps.account) };
  },
);

export const batchGetDeploymentTargets = operation(
  'BatchGetDeploymentTargets',
  () => z.object({ deploymentId, targetIds: z.array(z.string()).default([]) }),
  async (input, deps: CodeDeployDeps) => {
    const d = await started(deps, input.deploymentId);
    const ids = input.targetIds;
    if (ids.length !== 1) {
      throw new DeploymentTargetListSizeExceededException(
        'The target ID list of a Lambda deployment must have exactly one item.',
      );
    }
    if (ids[0] !== targetIdOf(d))
      throw new DeploymentTargetDoesNotExistException(`The deployment ${d.id} has no target ${ids[0]}.`);
    return { deploymentTargets: [deploymentTarget(d, deps.account)] };
  },
);
