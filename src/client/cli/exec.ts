import type { Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';

/**
 * `gradual exec -- <command>`: runs a command on the server's clock. Under --time-scale a script
 * that reads the time, sleeps, or asks CloudWatch about "the last 10 minutes" (seed 002's recipe)
 * then lives in the rehearsal's time like the server and its functions; at real time the command
 * just runs. The AWS CLI inside signs with that time, which the server accepts.
 */
export function registerExec(program: Command): void {
  withConnectionOptions(
    program
      .command('exec <command> [args...]')
      .description(
        "Run a command on the server's clock (a rehearsal's, under --time-scale): gradual exec -- ./run.sh",
      ),
  ).action(loadedWhenRun(async () => (await import('./exec-action.js')).execAction));
}
