import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportLines } from '../../contracts/connection-env.js';
import { defaultClientDataDir } from '../../contracts/data-dirs.js';
import { run, UsageError } from './client-errors.js';

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
    .option(
      '--data-dir <dir>',
      "the server's data dir, where its credentials are (a running rehearsal's when the default has no server)",
      defaultClientDataDir(),
    )
    .option('--endpoint <url>', 'the server', 'http://127.0.0.1:9000')
    .option('--region <region>', 'the region the server answers as', 'us-east-1')
    .option('--auth-off', 'the server runs with --auth off: print placeholder credentials')
    .action(
      run((opts: { dataDir: string; endpoint: string; region: string; authOff?: boolean }) => {
        const credentials = opts.authOff ? undefined : serverCredentials(resolve(opts.dataDir));
        const lines = exportLines({
          url: opts.endpoint.replace(/\/$/, ''),
          region: opts.region,
          credentials,
        });
        process.stdout.write(lines.join('\n') + '\n');
        return Promise.resolve();
      }),
    );
}
