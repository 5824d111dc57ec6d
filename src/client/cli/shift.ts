import { Option, type Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';
import { durationSeconds, integerIn, SHIFT_TYPES } from './options.js';

/**
 * `gradual shift`: seed 003's simple deploy workflow (an alias moved to a new version in N
 * weighted steps, rolled back when the new version errors) as a CodeDeploy deployment with a
 * gradual schedule, so it runs on the same engine, with the same log, and shows in `deployments`.
 */
export function registerShift(program: Command): void {
  withConnectionOptions(
    program
      .command('shift <function>')
      .description(
        "Shift an alias's traffic to a version step by step, rolling back if the new version errors",
      ),
  )
    .requiredOption('--alias <name>', 'the alias to shift')
    .requiredOption('--to <version>', 'the version to shift to')
    .option('--steps <n>', 'how many times the weight grows', integerIn(1, 100), 10)
    .option('--interval <duration>', 'time between steps (120, 120s, 2m, 1h)', durationSeconds, 120)
    .addOption(new Option('--type <type>', 'how the weight grows').choices(SHIFT_TYPES).default('linear'))
    .option('--no-health-check', 'do not roll back when the new version reports errors')
    .option('--no-wait', 'start the shift and return (follow it with gradual deployments <id> --watch)')
    .action(loadedWhenRun(async () => (await import('./shift-action.js')).shiftAction));
}
