import type { Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';
import { integerIn } from './options.js';

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
    .action(loadedWhenRun(async () => (await import('./stacks-action.js')).stacksAction));
}
