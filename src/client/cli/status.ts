import type { Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';

/**
 * `gradual status [function]`: functions, their aliases with the split, deployments running and,
 * for the whole system, the nodes serving it.
 */
export function registerStatus(program: Command): void {
  withConnectionOptions(
    program
      .command('status [function]')
      .description(
        'Show functions, their aliases with traffic weights, deployments in progress, and the nodes serving them',
      ),
  ).action(loadedWhenRun(async () => (await import('./status-action.js')).statusAction));
}
