import { Option, type Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportLines } from '../../contracts/connection-env.js';
import { CLIENT_DATA_DIR_HELP, defaultClientDataDir } from '../../contracts/data-dirs.js';
import { DEFAULT_SERVER_ADDRESS, runningServerAddress } from '../../contracts/server-address.js';
import { run, UsageError } from './client-errors.js';

const { url: DEFAULT_ENDPOINT, region: DEFAULT_REGION } = DEFAULT_SERVER_ADDRESS;

/** The server's credentials as `serve` finds them: its environment, else its data dir's file. */
function serverCredentials(
  dataDir: string,
  env = process.env,
): { accessKeyId: string; secretAccessKey: string } {
  const id = env['GRADUAL_ACCESS_KEY_ID'];
  const secret = env['GRADUAL_SECRET_ACCESS_KEY'];
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret };
  const file = join(dataDir, 'credentials.json');
  if (!existsSync(file)) {
    throw new UsageError(
      `no credentials in ${file}: start the server first (gradual serve --data-dir ${dataDir}), or pass the --data-dir it uses.`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
}

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
    .action(
      run((opts: { dataDir: string; endpoint?: string; region?: string; authOff?: boolean }) => {
        const dataDir = resolve(opts.dataDir);
        const credentials = opts.authOff ? undefined : serverCredentials(dataDir);
        const running = runningServerAddress(dataDir);
        const url = (opts.endpoint ?? running?.url ?? DEFAULT_ENDPOINT).replace(/\/$/, '');
        const lines = exportLines({
          url,
          region: opts.region ?? running?.region ?? DEFAULT_REGION,
          credentials,
        });
        // The gateway (function URLs, API stages) of the server these lines point at, as serve prints it.
        if (running?.gatewayUrl && running.url === url)
          lines.push(`export GRADUAL_GATEWAY_URL=${running.gatewayUrl}`);
        process.stdout.write(lines.join('\n') + '\n');
        return Promise.resolve();
      }),
    );
}
