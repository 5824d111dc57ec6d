import { z } from 'zod';
import { ValidationError } from '../../cloudformation/errors.js';
import { requireStack } from '../../cloudformation/stacks.js';
import type { SessionIdentity } from '../../iam/function-credentials.js';
import { operation, type Operation } from '../operation.js';
import { changeSetInput, changeSetMembers, required, type CfnApiDeps } from './inputs.js';
import { changeSetSummary, changeSetView } from './views.js';

type Members = z.output<z.ZodObject<ReturnType<typeof changeSetMembers>>>;

/** CreateStack and UpdateStack: a change set made and executed at once, its failure the call's error. */
async function direct(
  input: Members,
  deps: CfnApiDeps,
  type: 'CREATE' | 'UPDATE',
  caller: SessionIdentity | undefined,
) {
  const cs = await deps.stacks.createChangeSet(
    await changeSetInput(input, deps, type, `gradual-${type.toLowerCase()}-${deps.random.uuid()}`),
    caller,
  );
  if (cs.status === 'FAILED') {
    await deps.stacks.deleteChangeSet(cs.changeSetId, undefined);
    if (type === 'CREATE' && !cs.template) await deps.stacks.deleteStack(cs.stackId);
    throw new ValidationError(
      cs.statusReason?.startsWith("The submitted information didn't contain changes")
        ? 'No updates are to be performed.'
        : (cs.statusReason ?? 'failed'),
    );
  }
  await deps.stacks.executeChangeSet(cs.changeSetId, undefined, caller);
  await deps.stacks.deleteChangeSet(cs.changeSetId, undefined);
  return { StackId: cs.stackId };
}

/** A change set named, with the stack it belongs to when the name is not its ARN. */
const changeSetName = { ChangeSetName: required, StackName: z.string().optional() };

/** Stack changes: directly (CreateStack, UpdateStack) or through change sets. */
export const CHANGE_SET_OPERATIONS: readonly Operation<CfnApiDeps>[] = [
  operation(
    'CreateStack',
    (t) => z.object(changeSetMembers(t)),
    (input, deps: CfnApiDeps, context) => direct(input, deps, 'CREATE', context.caller?.session),
  ),
  operation(
    'UpdateStack',
    (t) => z.object(changeSetMembers(t)),
    (input, deps: CfnApiDeps, context) => direct(input, deps, 'UPDATE', context.caller?.session),
  ),
  operation(
    'CreateChangeSet',
    (t) =>
      z.object({ ...changeSetMembers(t), ChangeSetName: required, ChangeSetType: z.string().optional() }),
    async (input, deps: CfnApiDeps, context) => {
      const type = input.ChangeSetType ?? 'UPDATE';
      if (type !== 'CREATE' && type !== 'UPDATE')
        throw new ValidationError(`ChangeSetType ${type} is not supported by gradual (CREATE or UPDATE)`);
      const cs = await deps.stacks.createChangeSet(
        await changeSetInput(input, deps, type, input.ChangeSetName),
        context.caller?.session,
      );
      return { Id: cs.changeSetId, StackId: cs.stackId };
    },
  ),
  operation(
    'DescribeChangeSet',
    () => z.object(changeSetName),
    async (input, deps: CfnApiDeps) =>
      changeSetView(await deps.stacks.changeSet(input.ChangeSetName, input.StackName)),
  ),
  operation(
    'ExecuteChangeSet',
    () => z.object(changeSetName),
    async (input, deps: CfnApiDeps, context) => {
      await deps.stacks.executeChangeSet(input.ChangeSetName, input.StackName, context.caller?.session);
      return {};
    },
  ),
  operation(
    'DeleteChangeSet',
    () => z.object(changeSetName),
    async (input, deps: CfnApiDeps) => {
      await deps.stacks.deleteChangeSet(input.ChangeSetName, input.StackName);
      return {};
    },
  ),
  operation(
    'ListChangeSets',
    () => z.object({ StackName: required }),
    async (input, deps: CfnApiDeps) =>
      deps.store.read((r) => ({
        Summaries: r.changeSets(requireStack(r, input.StackName).stackId).map(changeSetSummary),
      })),
  ),
];
