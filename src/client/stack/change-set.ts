import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  waitUntilStackDeleteComplete,
  type CloudFormationClient,
  type Capability,
  type Change,
} from '@aws-sdk/client-cloudformation';
import type { Clock } from '../../common/clock.js';

/**
 * A change set made and waited for, as `aws cloudformation deploy` does: CREATE for a stack that
 * does not exist yet (or only under review), UPDATE otherwise. The stack engine checks the whole
 * template here, before anything is created; a change set that fails says why and changes nothing.
 */

/** gradual deploy creates IAM roles without asking (SAM functions without a Role get one). */
export const CAPABILITIES: Capability[] = [
  'CAPABILITY_IAM',
  'CAPABILITY_NAMED_IAM',
  'CAPABILITY_AUTO_EXPAND',
];

export type ChangeSetResult =
  | { kind: 'ready'; id: string; type: 'CREATE' | 'UPDATE'; changes: Change[]; created: Date }
  | { kind: 'no-changes' }
  | { kind: 'failed'; reason: string }
  /** Another operation (a deploy started with --no-wait, its rollback) is still running on the stack. */
  | { kind: 'busy'; status: string };

/** CloudFormation's ValidationError for a stack in the middle of an operation. */
const BUSY = /is in (\w+_IN_PROGRESS) state and can not be updated/;

export interface ChangeSetInput {
  stackName: string;
  body: string;
  parameters: Record<string, string>;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  say: (line: string) => void;
  pollMs?: number;
}

async function stackStatus(cfn: CloudFormationClient, stackName: string): Promise<string | undefined> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return out.Stacks?.[0]?.StackStatus;
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}

export async function makeChangeSet(
  cfn: CloudFormationClient,
  input: ChangeSetInput,
): Promise<ChangeSetResult> {
  const { stackName, clock, sleep, say } = input;
  let status = await stackStatus(cfn, stackName);
  // A first deploy that failed left a stack with nothing in it, which can only be deleted:
  // gradual deploy deletes it and creates the stack again (`aws cloudformation deploy` stops here).
  if (status === 'ROLLBACK_COMPLETE') {
    say(`stack ${stackName} is ROLLBACK_COMPLETE (its first deploy failed): deleting it to create it again`);
    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 600, minDelay: 1, maxDelay: 2 },
      { StackName: stackName },
    );
    status = undefined;
  }
  if (status?.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS') return { kind: 'busy', status };
  const type = status === undefined || status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  const created = await cfn
    .send(
      new CreateChangeSetCommand({
        StackName: stackName,
        ChangeSetName: `gradual-deploy-${clock.now()}`,
        ChangeSetType: type,
        TemplateBody: input.body,
        Parameters: Object.entries(input.parameters).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
        Capabilities: CAPABILITIES,
        Description: 'Created by gradual deploy',
      }),
    )
    .catch((error: unknown) => {
      // An operation that began between the look above and this call.
      const busy = BUSY.exec(error instanceof Error ? error.message : '');
      if (busy) return { kind: 'busy' as const, status: busy[1]! };
      throw error;
    });
  if ('kind' in created) return created;
  const id = created.Id!;
  for (;;) {
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id }));
    if (cs.Status === 'CREATE_COMPLETE')
      return { kind: 'ready', id, type, changes: cs.Changes ?? [], created: cs.CreationTime ?? new Date(0) };
    if (cs.Status === 'FAILED') {
      const reason = cs.StatusReason ?? 'no reason given';
      if (/didn't contain changes|No updates are to be performed/.test(reason)) {
        await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id }));
        return { kind: 'no-changes' };
      }
      return { kind: 'failed', reason };
    }
    await sleep(input.pollMs ?? 200);
  }
}
