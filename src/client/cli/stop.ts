import type { Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';

/** `gradual stop <deployment> [--rollback]`: StopDeployment, then what became of the alias. */
export function registerStop(program: Command): void {
  withConnectionOptions(
    program
      .command('stop <deployment>')
      .description('Stop a deployment; with --rollback the alias goes back to the original version'),
  )
    .option('--rollback', 'roll the alias back to the original version')
    .option('--no-rollback', "leave the alias as it is (default: the deployment group's rollback setting)")
    .action(loadedWhenRun(async () => (await import('./stop-action.js')).stopAction));
}
