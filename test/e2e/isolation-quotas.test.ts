import { DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { createFunction, invokeFunction } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 12, attack 6: on main /tmp took 1 GB with EphemeralStorage 512 MB, and 200 child
 * processes outlived the invocation with no limit. Now /tmp is a volume of the function's
 * EphemeralStorage (ENOSPC beyond), an environment holds at most Lambda's 1,024 processes and
 * threads, and whatever a function starts dies with its environment.
 */
const HANDLERS = `
const fs = require('node:fs');
const { spawn } = require('node:child_process');

exports.fill = async (event) => {
  const chunk = Buffer.alloc(8 * 1024 * 1024, 1);
  const fd = fs.openSync('/tmp/fill-' + Date.now(), 'w');
  let written = 0;
  let error;
  try {
    while (written < event.upToMb * 1024 * 1024) written += fs.writeSync(fd, chunk);
  } catch (e) {
    error = e.code;
  } finally {
    fs.closeSync(fd);
  }
  const s = fs.statfsSync('/tmp');
  return { writtenMb: written / 1024 / 1024, error, sizeMb: (s.blocks * s.bsize) / 1024 / 1024 };
};

exports.fork = async (event) => {
  // Sleepers started one after another until the kernel refuses; they outlive the call.
  let started = 0;
  let error;
  for (let i = 0; i < event.count; i++) {
    const child = spawn('/bin/sleep', ['300'], { stdio: 'ignore', detached: true });
    const outcome = await new Promise((resolve) => {
      child.once('spawn', () => resolve('ok'));
      child.once('error', (e) => resolve(e.code));
    });
    if (outcome !== 'ok') {
      error = outcome;
      break;
    }
    child.unref();
    started += 1;
  }
  return { started, error, processes: fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).length };
};
`;

let t: TestServer;
const mark = randomUUID();

/** Host pids whose environment carries the mark. */
function marked(): number {
  let n = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`MARK=${mark}\0`)) n += 1;
    } catch {
      // gone
    }
  }
  return n;
}

async function eventually(check: () => boolean, ms = 15_000): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

beforeAll(async () => {
  t = await startTestServer();
  const zip = await buildZip({ 'index.js': HANDLERS });
  await Promise.all([
    createFunction(t.lambda, { FunctionName: 'fill', Handler: 'index.fill', zip, Timeout: 120 }),
    createFunction(t.lambda, {
      FunctionName: 'fill-1g',
      Handler: 'index.fill',
      zip,
      Timeout: 120,
      EphemeralStorage: { Size: 1024 },
    }),
    createFunction(t.lambda, {
      FunctionName: 'fork',
      Handler: 'index.fork',
      zip,
      Timeout: 120,
      // Enough memory for a thousand sleepers: the pids limit, not memory, is what stops them.
      MemorySize: 2048,
      Environment: { Variables: { MARK: mark } },
    }),
  ]);
});

afterAll(async () => {
  await t?.dispose();
});

describe.skipIf(process.platform !== 'linux')('quotas (issue 12, attack 6)', () => {
  it('sizes /tmp to EphemeralStorage, and refuses more with ENOSPC', async () => {
    expect(t.server.runtime.isolation.tmp).toBe('sized');
    // 128 MB of memory writing 600 MB: /tmp is disk, not memory, as on Lambda.
    const r = await invokeFunction(t.lambda, { FunctionName: 'fill', event: { upToMb: 600 } });
    expect(r.output.FunctionError).toBeUndefined();
    const got = r.json as { writtenMb: number; error: string; sizeMb: number };
    expect(got.error).toBe('ENOSPC');
    expect(got.writtenMb).toBeGreaterThanOrEqual(504);
    expect(got.writtenMb).toBeLessThanOrEqual(536);
    expect(got.sizeMb).toBeGreaterThanOrEqual(512);
    expect(got.sizeMb).toBeLessThan(540);
  }, 180_000);

  it('gives a function that asks for 1,024 MB that much', async () => {
    const r = await invokeFunction(t.lambda, { FunctionName: 'fill-1g', event: { upToMb: 8 } });
    const got = r.json as { writtenMb: number; error: string | undefined; sizeMb: number };
    expect(got.error).toBeUndefined();
    expect(got.sizeMb).toBeGreaterThanOrEqual(1024);
    expect(got.sizeMb).toBeLessThan(1070);
  }, 60_000);

  it('holds an environment to 1,024 processes and threads, and its processes die with it', async () => {
    expect(t.server.runtime.isolation.pids).toBe(true);
    const r = await invokeFunction(t.lambda, { FunctionName: 'fork', event: { count: 2000 } });
    expect(r.output.FunctionError, r.payload).toBeUndefined();
    const got = r.json as { started: number; error: string; processes: number };
    // Node's own threads count too: the kernel refused a fork before 1,024 sleepers.
    expect(got.error).toBe('EAGAIN');
    expect(got.started).toBeGreaterThan(500);
    expect(got.started).toBeLessThan(1024);
    expect(got.processes).toBeLessThanOrEqual(1024);
    // The sleepers outlive the invocation (Lambda would freeze them) ...
    expect(marked()).toBeGreaterThan(500);
    // ... and die with the environment.
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'fork' }));
    expect(await eventually(() => marked() === 0)).toBe(true);
  }, 180_000);
});
