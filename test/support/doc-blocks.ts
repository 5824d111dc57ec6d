import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { gradualEnv, runBash } from './examples.js';
import { startTestServer, type TestServer } from './server.js';

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
  return runBash(['-c', `set -euo pipefail\n${script}`], cwd, {
    ...gradualEnv(t),
    GRADUAL_GATEWAY_URL: t.server.gateway.url,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  });
}

/** A test server at 60x and a reader's folder, for the tests of one page. */
export function readerSession(): { server(): TestServer; folder(): string } {
  let t: TestServer | undefined;
  let work: string | undefined;
  beforeAll(async () => {
    t = await startTestServer({ timeScale: 60 });
    work = readerFolder();
  });
  afterAll(async () => {
    await t?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });
  return {
    server: () => t ?? expect.unreachable('the server did not start'),
    folder: () => work ?? expect.unreachable('no folder'),
  };
}
