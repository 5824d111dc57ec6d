import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { Command } from 'commander';
import { clientConfig, withConnectionOptions, type ConnectionOptions } from '../sdk/connection.js';
import { listStackViews, readStack } from '../sdk/stacks.js';
import { clientAction } from './client-errors.js';
import { integerIn } from './options.js';
import { describeStack, listStacks } from './stacks/render.js';

interface Options extends ConnectionOptions {
  events: number;
}

/**
 * `gradual stacks [stack]`: the CloudFormation stacks, or one with its outputs, resources and
 * latest events. Through the CloudFormation API only, as `aws cloudformation` would.
 */
export function registerStacks(program: Command): void {
  withConnectionOptions(
    program
      .command('stacks [stack]')
      .description('List CloudFormation stacks, or show one with its outputs, resources and latest events'),
  )
    .option('--events <n>', 'how many of the latest events to show', integerIn(1, 10_000), 20)
    .action(
      clientAction(async (connection, opts: Options, name?: string) => {
        const cfn = new CloudFormationClient(clientConfig(connection));
        try {
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
