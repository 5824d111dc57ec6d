import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { TestServer } from './server.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The environment `gradual env` prints for the test server, over this process's minus its AWS_*. */
export function gradualEnv(t: TestServer): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return {
    ...clean,
    AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: t.server.url,
  };
}

/** Runs bash with these arguments; its exit code and everything it printed, interleaved. */
export function runBash(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const child = spawn('bash', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

/** Runs `examples/<name>/run.sh` as its README says: with the env `gradual env` prints. */
export function runExample(
  name: string,
  t: TestServer,
  extra: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return runBash([join(ROOT, 'examples', name, 'run.sh')], ROOT, { ...gradualEnv(t), ...extra });
}
