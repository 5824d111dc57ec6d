import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { Command } from 'commander';
import {
  clientConfig,
  sdkClients,
  withConnectionOptions,
  type ConnectionOptions,
} from '../sdk/connection.js';
import { listStackViews, readStack } from '../sdk/stacks.js';
import { clientAction } from './client-errors.js';
import { integerIn } from './options.js';
import { describeStack, listStacks } from './stacks/render.js';
import { watchStack } from './stacks/watch.js';

interface Options extends ConnectionOptions {
  events: number;
  watch?: boolean;
}

/**
 * `gradual stacks [stack]`: the CloudFormation stacks, or one with its outputs, resources and
 * latest events. Through the CloudFormation API only, as `aws cloudformation` would. With
 * `--watch`, the stack's operation is followed until it settles (exit 1 if it failed or rolled back).
 */
export function registerStacks(program: Command): void {
  withConnectionOptions(
    program
      .command('stacks [stack]')
      .description('List CloudFormation stacks, or show one with its outputs, resources and latest events'),
  )
    .option('--events <n>', 'how many of the latest events to show', integerIn(1, 10_000), 20)
    .option(
      '--watch',
      "then follow the stack's new events and CodeDeploy deployments until it settles (exit 1 if it failed or rolled back)",
    )
    .action(
      clientAction(async (connection, opts: Options, name?: string) => {
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
      }),
    );
}
