import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRADUAL_BIN } from '../support/cli.js';
import { spawnServer } from '../support/process.js';
import { tempDir } from '../support/server.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** `gradual serve <args>` (the built CLI, from any folder) expected to refuse to start. */
function refusedServe(args: string[], cwd = ROOT): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [GRADUAL_BIN, 'serve', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

/** One or two lines, no stack trace. */
function expectOneOrTwoLines(output: string): void {
  expect(output.trim().split('\n').length, output).toBeLessThanOrEqual(2);
  expect(output).not.toMatch(/^\s+at /m);
}

describe('gradual serve', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints how to reach it and exits cleanly on %s',
    async (signal) => {
      const dataDir = tempDir('gradual-serve-');
      const server = await spawnServer(dataDir);
      const banner = server.output();
      expect(banner).toContain(`gradual is listening on ${server.url}`);
      expect(banner).toContain(`export AWS_ACCESS_KEY_ID=${server.credentials.accessKeyId}`);
      expect(banner).toContain(`AWS_ENDPOINT_URL=${server.url}`);
      expect(banner).toContain('New credentials were generated');
      expect(banner).toContain('Bursts: a request that finds no idle environment waits up to 100 ms');
      const response = await fetch(`${server.url}/2015-03-31/functions`);
      expect(response.status).toBe(403);
      // The HTTP gateway listens on its own port, named in the banner.
      const gateway = /HTTP gateway \(function URLs\): (http:\/\/\S+)/.exec(banner)?.[1];
      expect(gateway).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(gateway).not.toBe(server.url);
      expect((await fetch(`${gateway}/nowhere`)).status).toBe(404);
      expect(await server.stop(signal)).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    },
  );

  it('says loudly when authentication is off', async () => {
    const dataDir = tempDir('gradual-serve-');
    const server = await spawnServer(dataDir, ['--auth', 'off']);
    expect(server.output()).toContain('AUTHENTICATION IS OFF');
    expect((await fetch(`${server.url}/2015-03-31/functions`)).status).toBe(200);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server on the same data dir, and takes over after a kill -9', async () => {
    const dataDir = tempDir('gradual-serve-');
    const first = await spawnServer(dataDir);
    const refused = await refusedServe(['--port', '0', '--gateway-port', '0', '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(
      /^gradual: another gradual server \(pid \d+\) is using \S+: stop it, or pick another --data-dir\.\n$/,
    );
    await first.stop('SIGKILL');
    const second = await spawnServer(dataDir);
    const code = await second.stop();
    expect(code, second.output()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a port that is taken in one line naming --port, and leaves no data dir behind', async () => {
    const holder = createServer();
    const port = await new Promise<number>((done) =>
      holder.listen(0, '127.0.0.1', () => done((holder.address() as { port: number }).port)),
    );
    const dataDir = join(tempDir('gradual-serve-'), 'fresh');
    const refused = await refusedServe([
      '--port',
      String(port),
      '--gateway-port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    holder.close();
    expect(refused.code).toBe(1);
    expect(refused.output).toBe(
      `gradual: port ${port} on 127.0.0.1 is in use (another gradual serve?): stop what holds it, or pick another with --port <n> (0 picks a free one).\n`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('says --sandbox process was asked for, not that bubblewrap is missing', async () => {
    const dataDir = tempDir('gradual-serve-');
    const server = await spawnServer(dataDir, ['--sandbox', 'process']);
    expect(server.output()).toContain('--sandbox process: functions run as plain processes');
    expect(server.output()).not.toContain('not installed');
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rehearses in a data dir of its own, and never mixes a rehearsal with real time', async () => {
    const cwd = tempDir('gradual-serve-');
    const rehearsal = join(cwd, '.gradual-rehearsal');
    const child = spawn(
      process.execPath,
      [GRADUAL_BIN, 'serve', '--time-scale', '60', '--port', '0', '--gateway-port', '0'],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let banner = '';
    child.stdout.on('data', (c: Buffer) => (banner += c.toString()));
    child.stderr.on('data', (c: Buffer) => (banner += c.toString()));
    for (let i = 0; i < 400 && !banner.includes('Rehearsal:'); i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    expect(banner).toContain(`data: ${rehearsal}`);
    expect(banner).toContain('Rehearsal: one clock 60x faster than real time');
    expect(banner).toContain('at 60x a Timeout of 3 s is 50 ms of real time');
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
    // Real time on the rehearsal's data dir: refused, with what to do.
    const real = await refusedServe(['--port', '0', '--gateway-port', '0', '--data-dir', rehearsal], cwd);
    expect(real.code).toBe(1);
    expect(real.output).toMatch(
      /^gradual: \S+ holds a rehearsal's timeline \(--time-scale 60\), \d+ min ahead of the real clock: continue it with --time-scale, or use another --data-dir/,
    );
    expectOneOrTwoLines(real.output);
    // A rehearsal on a data dir with real-time records: refused too.
    const realDir = tempDir('gradual-serve-');
    const first = await spawnServer(realDir);
    expect(await first.stop()).toBe(0);
    const scaled = await refusedServe([
      '--port',
      '0',
      '--gateway-port',
      '0',
      '--data-dir',
      realDir,
      '--time-scale',
      '60',
    ]);
    expect(scaled.code).toBe(1);
    expect(scaled.output).toMatch(/^gradual: \S+ holds a real-time timeline: a rehearsal there would date/);
    expectOneOrTwoLines(scaled.output);
    rmSync(cwd, { recursive: true, force: true });
    rmSync(realDir, { recursive: true, force: true });
  });
});
