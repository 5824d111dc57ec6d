import type { DecisionContext } from './context.js';
import {
  functionNotFound,
  PreconditionFailedException,
  REVISION_MISMATCH,
  ResourceConflictException,
} from './errors.js';
import type { FunctionAggregate } from './model.js';
import { FunctionState, UpdateStatus } from './model.js';
import { functionArn } from './names.js';

/** An update to `$LATEST` must name an existing, settled function and, if given, its revision. */
export function requireUpdatable(
  current: FunctionAggregate | undefined,
  name: string,
  revisionId: string | undefined,
  ctx: DecisionContext,
): FunctionAggregate {
  if (!current) throw functionNotFound(functionArn(ctx.account, name));
  const { latest } = current.fn;
  if (latest.state === FunctionState.Pending) {
    throw new ResourceConflictException(
      `The operation cannot be performed at this time. The function is currently in the following state: ${latest.state}`,
    );
  }
  if (latest.lastUpdateStatus === UpdateStatus.InProgress) {
    throw new ResourceConflictException(
      `The operation cannot be performed at this time. An update is in progress for resource: ${functionArn(ctx.account, name)}`,
    );
  }
  if (revisionId !== undefined && revisionId !== latest.revisionId) {
    throw new PreconditionFailedException(REVISION_MISMATCH);
  }
  return current;
}
