import type { Deployment } from '../../deployments/model.js';
import {
  DeploymentNotStartedException,
  DeploymentTargetDoesNotExistException,
  DeploymentTargetIdRequiredException,
  DeploymentTargetListSizeExceededException,
} from '../../deployments/errors.js';
import { deploymentIdOf } from './deployments.js';
import { requireDeployment } from '../../deployments/controls.js';
import { str, type CodeDeployOperation } from './operation.js';
import { deploymentTarget, targetIdOf, targetStatus } from './wire.js';

/** A Lambda deployment has exactly one target, `<function>:<alias>`, once it has started. */
function started(d: Deployment): Deployment {
  if (d.status === 'Created' || !d.spec) {
    throw new DeploymentNotStartedException(`The deployment ${d.id} has not started yet.`);
  }
  return d;
}

export const listDeploymentTargets: CodeDeployOperation = async (input, deps) => {
  const d = started(await requireDeployment(deps, deploymentIdOf(input)));
  const filters = (input['targetFilters'] ?? {}) as Record<string, unknown>;
  const statuses = Array.isArray(filters['TargetStatus'])
    ? (filters['TargetStatus'] as unknown[]).map(String)
    : undefined;
  const matches = !statuses || statuses.includes(targetStatus(d));
  return { targetIds: matches ? [targetIdOf(d)] : [] };
};

export const getDeploymentTarget: CodeDeployOperation = async (input, deps) => {
  const d = started(await requireDeployment(deps, deploymentIdOf(input)));
  const targetId = str(input, 'targetId');
  if (!targetId) throw new DeploymentTargetIdRequiredException('A deployment target ID must be specified.');
  if (targetId !== targetIdOf(d)) {
    throw new DeploymentTargetDoesNotExistException(`The deployment ${d.id} has no target ${targetId}.`);
  }
  return { deploymentTarget: deploymentTarget(d, deps.account) };
};

export const batchGetDeploymentTargets: CodeDeployOperation = async (input, deps) => {
  const d = started(await requireDeployment(deps, deploymentIdOf(input)));
  const ids = Array.isArray(input['targetIds']) ? (input['targetIds'] as unknown[]).map(String) : [];
  if (ids.length !== 1) {
    throw new DeploymentTargetListSizeExceededException(
      'The target ID list of a Lambda deployment must have exactly one item.',
    );
  }
  if (ids[0] !== targetIdOf(d))
    throw new DeploymentTargetDoesNotExistException(`The deployment ${d.id} has no target ${ids[0]}.`);
  return { deploymentTargets: [deploymentTarget(d, deps.account)] };
};
