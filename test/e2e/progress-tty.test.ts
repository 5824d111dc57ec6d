import { InvokeCommand } from '@aws-sdk/client-lambda';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADUAL_BIN } from '../support/cli.js';
import { functionWithVersions } from '../support/codedeploy.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The progress view as a user sees it: `gradual shift` in a real terminal (tmux, 80x24), the pane
 * captured mid-shift, at the end, and at a Ctrl-C. GRADUAL_UPDATE_CAPTURES=1 keeps the captures
 * in docs/captures; otherwise in test-artifacts/captures.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();
const SESSION = `gradual-tty-${process.pid}`;
const OUT = join(
  ROOT,
  process.env['GRADUAL_UPDATE_CAPTURES'] === '1' ? 'docs' : 'test-artifacts',
  'captures',
);

let t: TestServer;
let traffic = true;
let driving: Promise<void> | undefined;

const tmux = (...args: string[]): string =>
  execFileSync('tmux', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const capture = (): string => tmux('capture-pane', '-p', '-t', SESSION);

async function until(check: (screen: string) => boolean): Promise<string> {
  const deadline = performance.now() + 20_000;
  for (;;) {
    const screen = capture();
    if (check(screen)) return screen;
    if (performance.now() > deadline) throw new Error(`the screen never got there:\n${screen}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `gradual <args>` in a fresh 80x24 terminal; the pane stays after it exits. */
function inTerminal(args: string): void {
  const env = [
    `AWS_ACCESS_KEY_ID=${t.credentials.accessKeyId}`,
    `AWS_SECRET_ACCESS_KEY='${t.credentials.secretAccessKey}'`,
    'AWS_REGION=us-east-1',
    `AWS_ENDPOINT_URL=${t.server.url}`,
  ].join(' ');
  try {
    tmux('kill-session', '-t', SESSION);
  } catch {
    // none yet
  }
  tmux(
    'new-session',
    '-d',
    '-s',
    SESSION,
    '-x',
    '80',
    '-y',
    '24',
    `env ${env} ${process.execPath} ${GRADUAL_BIN} ${args}; echo "exit $?"; sleep 60`,
  );
}

function keep(name: string, screen: string): void {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.txt`), screen.replace(/d-[A-Z0-9]{9}/g, 'd-XXXXXXXXX').trimEnd() + '\n');
}

function checkLayout(screen: string): void {
  for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  // Redrawn in place: one block, never a trail of frames.
  expect(screen.match(/^hello:live {2}d-/gm)).toHaveLength(1);
}

beforeAll(async () => {
  if (!hasTmux) return;
  t = await startTestServer({ timeScale: 30 });
  await functionWithVersions(t.lambda, 'hello', 2);
  driving = (async () => {
    while (traffic) {
      await t.lambda.send(
        new InvokeCommand({ FunctionName: 'hello', Qualifier: 'live', Payload: Buffer.from('{}') }),
      );
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
});
afterAll(async () => {
  traffic = false;
  await driving;
  try {
    tmux('kill-session', '-t', SESSION);
  } catch {
    // already gone
  }
  await t?.dispose();
});

describe.skipIf(!hasTmux)('the progress view in an 80-column terminal', () => {
  it('redraws one block in place while shifting, and ends with the outcome', async () => {
    inTerminal('shift hello --alias live --to 2 --steps 3 --interval 2m');
    const mid = await until((s) => /step 2 of 3 · next in/.test(s) && /v2 [1-9]\d* inv/.test(s));
    keep('progress-shifting', mid);
    checkLayout(mid);
    expect(mid).toMatch(/^hello:live {2}d-\w{9} {2}InProgress · step 2 of 3 · next in \d+m \d\ds$/m);
    expect(mid).toMatch(/^ {2}v1 33\.33% ░+█+ 66\.67% v2$/m);
    expect(mid).toMatch(
      /^ {2}alarms: gradual-shift-hello-live-errors (OK|INSUFFICIENT_DATA) {3}hooks: none$/m,
    );
    expect(mid).toMatch(/^ {2}last min \(30x clock\) {2}v1 \d+ inv, 0 err {3}v2 \d+ inv, 0 err$/m);
    expect(mid).toMatch(/^Ctrl-C: stop and roll back {3}\(time runs ×30\)$/m);

    const end = await until((s) => s.includes('exit 0'));
    keep('progress-succeeded', end);
    checkLayout(end);
    expect(end).toMatch(/^hello:live {2}d-\w{9} {2}Succeeded: all traffic on v2$/m);
    expect(end).toMatch(/^ {2}v1 {3}0% █{50} 100% v2$/m);
    expect(end).toContain('Done: all traffic on version 2.');
    expect(end).not.toContain('Ctrl-C');
  });

  it('asks on Ctrl-C, and on yes stops the deployment and shows the rollback', async () => {
    inTerminal('shift hello --alias live --to 1 --steps 3 --interval 10m');
    await until((s) => s.includes('step 1 of 3'));
    tmux('send-keys', '-t', SESSION, 'C-c');
    const asked = await until((s) => s.includes('and roll back? [y/N]'));
    keep('progress-ctrl-c', asked);
    expect(asked).toMatch(/Stop deployment d-\w{9} and roll back\? \[y\/N\]/);
    tmux('send-keys', '-t', SESSION, 'y', 'Enter');
    const end = await until((s) => s.includes('exit 1'));
    keep('progress-rolled-back', end);
    checkLayout(end);
    expect(end).toMatch(/^hello:live {2}d-\w{9} {2}Stopped, rolled back to v2$/m);
    expect(end).toMatch(/^ {2}v2 100% ░{50} {3}0% v1$/m);
    expect(end).toContain('  The deployment was stopped by a StopDeployment request.');
  });
});
