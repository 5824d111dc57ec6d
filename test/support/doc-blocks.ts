import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestServer } from './server.js';

export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The shell blocks of a documentation page, in order: every ```sh fence, except one whose preceding
 * line is `<!-- docs-test: skip (why) -->` (a block that starts a server or the demo, which the
 * test provides or tests elsewhere).
 */
export function shellBlocks(markdown: string): string[] {
  const lines = markdown.split('\n');
  const blocks: string[] = [];
  let previous = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '```sh') {
      const end = lines.indexOf('```', i + 1);
      if (end < 0) throw new Error(`unclosed shell block at line ${i + 1}`);
      if (!/^<!-- docs-test: skip\b/.test(previous)) blocks.push(lines.slice(i + 1, end).join('\n'));
      i = end;
      previous = '```';
      continue;
    }
    if (line.trim() !== '') previous = line.trim();
  }
  return blocks;
}

export function shellBlocksOf(file: string): string[] {
  return shellBlocks(readFileSync(file, 'utf8'));
}

/** A reader's own folder: files the page writes land there; `bin/` and `examples/` are the checkout's. */
export function readerFolder(): string {
  const work = mkdtempSync(join(tmpdir(), 'gradual-docs-run-'));
  symlinkSync(join(ROOT, 'bin'), join(work, 'bin'));
  symlinkSync(join(ROOT, 'examples'), join(work, 'examples'));
  return work;
}

/**
 * Runs a page's blocks in one bash session with `set -euo pipefail`, in `cwd`, with the environment
 * `gradual env` prints for the test server (and no AWS config of the machine's).
 */
export function runShell(
  script: string,
  t: TestServer,
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const child = spawn('bash', ['-c', `set -euo pipefail\n${script}`], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...clean,
      AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: t.server.url,
      GRADUAL_GATEWAY_URL: t.server.gateway.url,
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
