import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellBlocksOf } from '../support/doc-blocks.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * docs/getting-started.md as a reader runs it: its shell blocks, in order, in one bash session
 * with `set -e`, against a real server on a clock 60 times faster (the page's rehearsal), with the
 * environment `gradual env` prints. The blocks that start the demo or a server are marked and left
 * to the test.
 */

const ROOT = resolve(import.meta.dirname, '../..');

let t: TestServer;
let work: string;
beforeAll(async () => {
  t = await startTestServer({ timeScale: 60 });
  // A folder of the reader's own: the page writes index.js, fn.zip, out.json where it runs.
  work = mkdtempSync(join(tmpdir(), 'gradual-docs-run-'));
  symlinkSync(join(ROOT, 'bin'), join(work, 'bin'));
  symlinkSync(join(ROOT, 'examples'), join(work, 'examples'));
});
afterAll(async () => {
  await t?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

function runBash(script: string): Promise<{ code: number | null; output: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const child = spawn('bash', ['-c', `set -euo pipefail\n${script}`], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...clean,
      AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: t.server.url,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

describe('docs/getting-started.md', () => {
  it('runs as written: a function behind an alias, invoked, then a canary to version 2', async () => {
    const blocks = shellBlocksOf(join(ROOT, 'docs/getting-started.md'));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const { code, output } = await runBash(blocks.join('\n'));
    expect(code, output).toBe(0);
    expect(output).toContain('{"hello":"you"}');
    expect(output).toMatch(/\nREPORT RequestId: /);
    expect(output).toContain('succeeded: All traffic is on the new version.');
    expect(output.trimEnd().split('\n').at(-1)).toBe('2');
  }, 300_000);
});
