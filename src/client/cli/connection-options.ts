import { Option, type Command } from 'commander';
import { CLIENT_DATA_DIR_HELP, defaultClientDataDir } from '../../contracts/data-dirs.js';
import { DEFAULT_SERVER_ADDRESS } from '../../contracts/default-address.js';

/** The options every client command takes; `connect` (client/sdk/connection.ts) fills in what is not given. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option(
      '--endpoint <url>',
      `the gradual server (default: $AWS_ENDPOINT_URL, else the one running on --data-dir, else "${DEFAULT_SERVER_ADDRESS.url}")`,
    )
    .addOption(new Option('--endpoint-url <url>').hideHelp())
    .option(
      '--region <region>',
      `the region the server answers as (default: $AWS_REGION, else the running server's, else "${DEFAULT_SERVER_ADDRESS.region}")`,
    )
    .addOption(
      new Option(
        '--data-dir <dir>',
        "the server's data dir, for its credentials (unless AWS_ACCESS_KEY_ID is set)",
      ).default(defaultClientDataDir(), CLIENT_DATA_DIR_HELP),
    );
}
