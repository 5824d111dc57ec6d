import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestServer } from './server.js';

const run = promisify(execFile);

/** Python's sleeps in the CLI, divided by this (python/sitecustomize.py): its waiters poll every 3 s. */
const SLEEP_DIVISOR = 10;

/**
 * The CLI's environment: the server's credentials and address, no config or credentials file of
 * the machine's, no pager, and its sleeps shortened.
 */
function cliEnv(t: Pick<TestServer, 'credentials' | 'server'>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: t.server.url,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    PYTHONPATH: join(import.meta.dirname, 'python'),
    GRADUAL_TEST_SLEEP_DIVISOR: String(SLEEP_DIVISOR),
  };
}

/**
 * Runs the AWS CLI (v1, on PATH) against the test server as a user would, with the server's
 * credentials and no config or credentials file of the machine's: the JSON it printed, parsed,
 * or undefined when it printed nothing.
 */
export async function awsCli(
  t: Pick<TestServer, 'credentials' | 'server'>,
  ...args: string[]
): Promise<unknown> {
  const { stdout } = await run('aws', [...args, '--output', 'json'], {
    env: cliEnv(t),
  });
  return stdout.trim() ? (JSON.parse(stdout) as unknown) : undefined;
}

/**
 * The AWS CLIs a user may have: v1 on PATH (pip), v2 at /usr/bin/aws (Debian). In the test run both
 * reach a fork server through launchers (aws-cli/bin, first on PATH; aws-cli/zygotes.ts).
 */
export const AWS_CLIS = { v1: 'aws', v2: join(import.meta.dirname, 'aws-cli/bin/aws2') } as const;

/** Runs one of the AWS CLIs against the test server (optionally in `cwd`); its stdout as text. */
export async function awsCliText(
  bin: string,
  t: Pick<TestServer, 'credentials' | 'server'>,
  args: string[],
  cwd?: string,
): Promise<string> {
  // Debian's CLI 2.9 predates AWS_ENDPOINT_URL: pass the endpoint as an argument too.
  const { stdout } = await run(bin, ['--endpoint-url', t.server.url, ...args], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: cliEnv(t),
  });
  return stdout;
}

/** The CLI a test names (`aws`, `/usr/bin/aws`) as the test run starts it: through its launcher. */
export function launcherOf(bin: string): string {
  return bin === '/usr/bin/aws' ? AWS_CLIS.v2 : bin;
}
