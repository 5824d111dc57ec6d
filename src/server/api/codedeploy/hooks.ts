import { z } from 'zod';
import {
  InvalidLifecycleEventHookExecutionIdException,
  InvalidLifecycleEventHookExecutionStatusException,
  LifecycleEventAlreadyCompletedException,
} from '../../deployments/errors.js';
import { requireDeployment } from '../../deployments/controls.js';
import { operation } from '../operation.js';
import { deploymentId, named, shown } from './input.js';
import type { CodeDeployDeps } from './operation.js';

/** A hook's verdict. Only the report matters; what the hook function returned is ignored, as in AWS. */
export const putLifecycleEventHookExecutionStatus = operation(
  'PutLifecycleEventHookExecutionStatus',
  () =>
    z.object({
      deploymentId,
      lifecycleEventHookExecutionId: z.string().optional(),
      status: named(
        z.enum(['Succeeded', 'Failed']),
        (value) =>
          new InvalidLifecycleEventHookExecutionStatusException(
            `The status '${shown(value)}' is not valid: report Succeeded or Failed.`,
          ),
      ),
    }),
  async (input, deps: CodeDeployDeps) => {
    const id = input.deploymentId;
    const executionId = input.lifecycleEventHookExecutionId;
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
      return {
        ...current,
        hookExecutions: { ...current.hookExecutions, [executionId]: { ...exec, status: input.status } },
      };
    });
    return { lifecycleEventHookExecutionId: executionId };
  },
);
