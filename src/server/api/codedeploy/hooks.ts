import {
  InvalidLifecycleEventHookExecutionIdException,
  InvalidLifecycleEventHookExecutionStatusException,
  LifecycleEventAlreadyCompletedException,
} from '../../deployments/errors.js';
import { deploymentIdOf } from './deployments.js';
import { requireDeployment } from '../../deployments/controls.js';
import { str, type CodeDeployOperation } from './operation.js';

/** A hook's verdict. Only the report matters; what the hook function returned is ignored, as in AWS. */
export const putLifecycleEventHookExecutionStatus: CodeDeployOperation = async (input, deps) => {
  const id = deploymentIdOf(input);
  const executionId = str(input, 'lifecycleEventHookExecutionId');
  const status = input['status'];
  if (status !== 'Succeeded' && status !== 'Failed') {
    throw new InvalidLifecycleEventHookExecutionStatusException(
      `The status '${String(status)}' is not valid: report Succeeded or Failed.`,
    );
  }
  const d = await requireDeployment(deps, id);
  if (!executionId || !d.hookExecutions[executionId]) {
    throw new InvalidLifecycleEventHookExecutionIdException(
      `The lifecycle event hook execution ID does not belong to deployment ${id}.`,
    );
  }
  await deps.engine.update(id, (current) => {
    const exec = current.hookExecutions[executionId]!;
    const running = current.phase.kind === 'hook' && current.phase.executionId === executionId;
    if (exec.status !== 'Pending' || !running) {
      throw new LifecycleEventAlreadyCompletedException(
        `The ${exec.event} lifecycle event of deployment ${id} has already completed.`,
      );
    }
    return { ...current, hookExecutions: { ...current.hookExecutions, [executionId]: { ...exec, status } } };
  });
  return { lifecycleEventHookExecutionId: executionId };
};
