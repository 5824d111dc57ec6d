import { ensureTestRoles } from './iam.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  output(): string;
  /** Sends `signal` and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `gradual serve` as its own process, as a user would: bin/gradual.js, which loads the dist/
 * the test run built (test/build-once.ts), or the sources through tsx when it is stale (a second
 * or two more of CPU per start). `env` is added to this process's environment (credentials given
 * there are the ones the server accepts).
 */
export async function spawnServer(
  dataDir: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/gradual.js'),
      'serve',
      '--port',
      '0',
      '--gateway-port',
      '0',
      '--data-dir',
      dataDir,
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 20_000);
    const check = (): void => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', () => fail(new Error(`server exited:\n${output}`)));
  });
  const file = join(dataDir, 'credentials.json');
  const given = env['GRADUAL_ACCESS_KEY_ID'] && env['GRADUAL_SECRET_ACCESS_KEY'];
  const credentials = given
    ? { accessKeyId: env['GRADUAL_ACCESS_KEY_ID']!, secretAccessKey: env['GRADUAL_SECRET_ACCESS_KEY']! }
    : existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as ServerProcess['credentials'])
      : { accessKeyId: 'any', secretAccessKey: 'any' };
  // The role the suite's functions run as (ROLE), as startTestServer makes it.
  await ensureTestRoles({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
  return {
    child,
    url,
    credentials,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}
