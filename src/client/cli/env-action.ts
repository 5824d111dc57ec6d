import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportLines } from '../../contracts/connection-env.js';
import { DEFAULT_SERVER_ADDRESS } from '../../contracts/default-address.js';
import { runningServerAddress } from '../../contracts/server-address.js';
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

/** What the command does (registered in env.ts). */
export const envAction = run(
  (opts: { dataDir: string; endpoint?: string; region?: string; authOff?: boolean }) => {
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
  },
);
