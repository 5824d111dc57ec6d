import type { Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';

/**
 * `gradual rollback <fn> --alias <name>`: at once, all of the alias's traffic back on the old
 * version. A deployment in progress is stopped with its rollback; otherwise the alias drops its
 * extra weight, or returns to the version the last deployment moved it from.
 */
export function registerRollback(program: Command): void {
  withConnectionOptions(
    program
      .command('rollback <function>')
      .description("Instantly put all of an alias's traffic back on its previous version"),
  )
    .requiredOption('--alias <name>', 'the alias to roll back')
    .action(loadedWhenRun(async () => (await import('./rollback-action.js')).rollbackAction));
}
