import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { Connection } from '../sdk/connection.js';
import { deploymentView } from '../sdk/deployments.js';
import type { FollowDeps } from '../stack/follow-stack.js';
import { watchDeployments } from './progress/index.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How the CLI follows a stack (`gradual deploy`, `gradual stacks --watch`): its events said
 * indented under the command's own lines, its deployments in the progress view, indented alike.
 */
export function stackFollower(
  connection: Connection,
  clients: { cfn: CloudFormationClient; codeDeploy: CodeDeployClient },
  say: (line: string) => void,
): FollowDeps {
  return {
    ...clients,
    view: (id) => deploymentView(connection, id),
    watch: (watched) => watchDeployments(connection, watched, { out: process.stdout, indent: '  ' }),
    say: (line) => say(`  ${line}`),
    sleep,
  };
}
