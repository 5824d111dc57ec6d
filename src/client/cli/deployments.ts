import { InvalidArgumentError, type Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** `gradual deployments [id]`: recent deployments, or one with its decision log; --watch follows it. */
export function registerDeployments(program: Command): void {
  withConnectionOptions(
    program
      .command('deployments [id]')
      .description('List recent deployments, or show one with its decision log (--watch follows it live)'),
  )
    .option('--watch', 'follow the deployment live until it ends (exit 1 if it does not succeed)')
    .option('--limit <n>', 'how many recent deployments to list', positiveInt, 20)
    .action(loadedWhenRun(async () => (await import('./deployments-action.js')).deploymentsAction));
}
