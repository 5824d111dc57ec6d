import type { Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';

/**
 * `gradual invoke <fn[:qualifier]>`: the response on stdout, the version that ran on stderr; a
 * function error goes to stderr with exit code 1.
 */
export function registerInvoke(program: Command): void {
  withConnectionOptions(
    program
      .command('invoke <function>')
      .description('Invoke a function (name, name:alias or name:version) and print its response'),
  )
    .option('--payload <json>', 'the event, as JSON', '{}')
    .option('--routing-key <key>', 'route by this key (sticky: the same key gets the same version)')
    .action(loadedWhenRun(async () => (await import('./invoke-action.js')).invokeAction));
}
