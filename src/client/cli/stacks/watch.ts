import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { Connection } from '../../sdk/connection.js';
import { readStack } from '../../sdk/stacks.js';
import { followStack } from '../../stack/follow-stack.js';
import { stackFollower } from '../stack-follower.js';
import { describeStack } from './render.js';

/**
 * `gradual stacks <stack> --watch`: the stack as `gradual stacks <stack>` shows it, then its
 * operation followed to the end as `gradual deploy` follows it (follow-stack.ts): new events,
 * and the CodeDeploy deployments the operation started in the progress view.
 */

/** 0 when the stack settled created, updated (or deleted) as asked; 1 when it failed or rolled back. */
export function watchExitCode(status: string): 0 | 1 {
  return status.endsWith('_COMPLETE') && !status.includes('ROLLBACK') ? 0 : 1;
}

export interface StackWatchDeps {
  connection: Connection;
  cfn: CloudFormationClient;
  codeDeploy: CodeDeployClient;
  say: (line: string) => void;
}

/** Prints the stack, follows it until it settles, and says how it ended. Resolves with the exit code. */
export async function watchStack(deps: StackWatchDeps, name: string, events: number): Promise<0 | 1> {
  const { connection, cfn, say } = deps;
  const stack = await readStack(cfn, name);
  // Followed from the snapshot's own events: none shown twice, none lost.
  const seen = new Set(stack.events.map((e) => e.id));
  describeStack(stack, events).forEach(say);
  // A stack in review has a change set nobody executed yet: nothing runs to follow.
  if (stack.status.endsWith('_IN_PROGRESS') && stack.status !== 'REVIEW_IN_PROGRESS') {
    say('');
    say(`Following ${stack.name} until it settles:`);
    const end = await followStack(
      stackFollower(connection, { cfn, codeDeploy: deps.codeDeploy }, say),
      stack.name,
      // The operation began when the stack was last updated (created): its deployments are younger.
      { seen, since: stack.at / 1000 },
    );
    say(`Stack ${stack.name}: ${end.status}${end.reason ? ` (${end.reason})` : ''}.`);
    return watchExitCode(end.status);
  }
  return watchExitCode(stack.status);
}
