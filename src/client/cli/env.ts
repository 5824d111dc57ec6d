import { Option, type Command } from 'commander';
import { CLIENT_DATA_DIR_HELP, defaultClientDataDir } from '../../contracts/data-dirs.js';
import { DEFAULT_SERVER_ADDRESS } from '../../contracts/default-address.js';
import { loadedWhenRun } from './lazy-action.js';

const { url: DEFAULT_ENDPOINT, region: DEFAULT_REGION } = DEFAULT_SERVER_ADDRESS;

export function registerEnv(program: Command): void {
  program
    .command('env')
    .description('Print the export lines that point the AWS CLI and SDKs at gradual: eval "$(gradual env)"')
    .addOption(
      new Option('--data-dir <dir>', "the server's data dir, where its credentials are").default(
        defaultClientDataDir(),
        CLIENT_DATA_DIR_HELP,
      ),
    )
    .option(
      '--endpoint <url>',
      `the server (default: the address of the one running on the data dir, else "${DEFAULT_ENDPOINT}")`,
    )
    .option(
      '--region <region>',
      `the region the server answers as (default: the running server's, else "${DEFAULT_REGION}")`,
    )
    .option('--auth-off', 'the server runs with --auth off: print placeholder credentials')
    .action(loadedWhenRun(async () => (await import('./env-action.js')).envAction));
}
