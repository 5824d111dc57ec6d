import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { clientConfig, sdkClients, type ConnectionOptions } from '../sdk/connection.js';
import { listStackViews, readStack } from '../sdk/stacks.js';
import { clientAction } from './client-errors.js';
import { describeStack, listStacks } from './stacks/render.js';
import { watchStack } from './stacks/watch.js';

interface Options extends ConnectionOptions {
  events: number;
  watch?: boolean;
}

/** What the command does (registered in stacks.ts). */
export const stacksAction = clientAction(async (connection, opts: Options, name?: string) => {
  const cfn = new CloudFormationClient(clientConfig(connection));
  try {
    if (opts.watch) {
      if (!name) throw new Error('--watch follows one stack: gradual stacks <stack> --watch');
      const clients = sdkClients(connection);
      const say = (line: string): void => void process.stdout.write(`${line}\n`);
      try {
        process.exitCode = await watchStack(
          { connection, cfn, codeDeploy: clients.codeDeploy, say },
          name,
          opts.events,
        );
      } finally {
        clients.destroy();
      }
      return;
    }
    const lines = name
      ? describeStack(await readStack(cfn, name), opts.events)
      : listStacks(await listStackViews(cfn));
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    cfn.destroy();
  }
});
