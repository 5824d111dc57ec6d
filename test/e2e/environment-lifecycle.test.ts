import { DeleteFunctionCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { waitUpdated } from '../support/lambda.js';
import {
  createFunction,
  invokeFunction,
  nodeHandlersZip,
  providedZip,
  pythonZip,
} from '../support/fixtures.js';
import { spawnServer } from '../support/process.js';
import { startTestServer, tempDir } from '../support/server.js';

/** Pids of processes whose environment carries `MARK=<mark>`: what a function and its children have. */
function marked(mark: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`MARK=${mark}`)) {
        found.push(Number(entry));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/** A function that leaves a background process behind, to see it go too. */
const orphanZip = (): Promise<Buffer> =>
  buildZip({
    'index.js': `const { spawn } = require('node:child_process');
exports.handler = async () => {
  spawn('sleep', ['300'], { detached: true, stdio: 'ignore' }).unref();
  return 'left a child';
};
`,
  });

describe('environment lifecycle', () => {
  it('leaves no process behind after close, not even one a function started', async () => {
    const mark = randomUUID();
    const t = await startTestServer();
    const vars = { Environment: { Variables: { MARK: mark } } };
    await Promise.all([
      createFunction(t.lambda, {
        FunctionName: 'node',
        Handler: 'index.echo',
        zip: await nodeHandlersZip(),
        ...vars,
      }),
      createFunction(t.lambda, {
        FunctionName: 'python',
        Handler: 'app.echo',
        Runtime: 'python3.12',
        zip: await pythonZip(),
        ...vars,
      }),
      createFunction(t.lambda, {
        FunctionName: 'provided',
        Handler: 'x',
        Runtime: 'provided.al2023',
        zip: await providedZip(),
        ...vars,
      }),
      createFunction(t.lambda, {
        FunctionName: 'orphan',
        Handler: 'index.handler',
        zip: await orphanZip(),
        ...vars,
      }),
    ]);
    for (const name of ['node', 'python', 'provided', 'orphan']) {
      expect(
        (await invokeFunction(t.lambda, { FunctionName: name, event: {} })).output.FunctionError,
      ).toBeUndefined();
    }
    expect(marked(mark).length).toBeGreaterThanOrEqual(5);
    await t.dispose();
    expect(marked(mark)).toEqual([]);
  });

  it('takes every function process down with a server killed by SIGKILL', async () => {
    const mark = randomUUID();
    const dataDir = tempDir();
    const server = await spawnServer(dataDir);
    const lambda = new LambdaClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: server.credentials,
      maxAttempts: 1,
    });
    try {
      await createFunction(lambda, {
        FunctionName: 'orphan',
        Handler: 'index.handler',
        zip: await orphanZip(),
        Environment: { Variables: { MARK: mark } },
      });
      await invokeFunction(lambda, { FunctionName: 'orphan' });
      expect(marked(mark).length).toBeGreaterThanOrEqual(2);
      await server.stop('SIGKILL');
      expect(await eventually(() => marked(mark).length === 0)).toBe(true);
    } finally {
      lambda.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops idle environments after the idle timeout', async () => {
    const mark = randomUUID();
    const t = await startTestServer({ idleTimeoutSeconds: 1 });
    try {
      await createFunction(t.lambda, {
        FunctionName: 'idle',
        Handler: 'index.echo',
        zip: await nodeHandlersZip(),
        Environment: { Variables: { MARK: mark } },
      });
      await invokeFunction(t.lambda, { FunctionName: 'idle', event: {} });
      expect(t.server.runtime.pool.stats().environments).toBe(1);
      expect(await eventually(() => t.server.runtime.pool.stats().environments === 0, 4000)).toBe(true);
      expect(await eventually(() => marked(mark).length === 0)).toBe(true);
      // The next invocation simply starts a new one.
      const r = await invokeFunction(t.lambda, { FunctionName: 'idle', event: 'back', LogType: 'Tail' });
      expect(r.json).toBe('back');
      expect(r.log).toContain('Init Duration');
    } finally {
      await t.dispose();
    }
  });

  it('runs new code after an update and stops the old environments, and all of them on delete', async () => {
    const t = await startTestServer();
    try {
      const v1 = await buildZip({ 'index.js': 'exports.handler = async () => "one";\n' });
      const v2 = await buildZip({ 'index.js': 'exports.handler = async () => "two";\n' });
      await createFunction(t.lambda, { FunctionName: 'f', Handler: 'index.handler', zip: v1 });
      expect((await invokeFunction(t.lambda, { FunctionName: 'f' })).json).toBe('one');
      await t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'f', ZipFile: v2 }));
      await waitUpdated(t.lambda, 'f');
      expect((await invokeFunction(t.lambda, { FunctionName: 'f' })).json).toBe('two');
      expect(await eventually(() => t.server.runtime.pool.stats().environments === 1)).toBe(true);
      await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'f' }));
      expect(await eventually(() => t.server.runtime.pool.stats().environments === 0)).toBe(true);
    } finally {
      await t.dispose();
    }
  });

  it('removes its cgroups and private /tmp directories on close', async () => {
    const t = await startTestServer();
    await createFunction(t.lambda, {
      FunctionName: 'f',
      Handler: 'index.echo',
      zip: await nodeHandlersZip(),
    });
    await invokeFunction(t.lambda, { FunctionName: 'f', event: {} });
    const { cgroupRoot, tmpRoot } = t.server.runtime;
    expect(readdirSync(join(tmpRoot, 'envs'))).toHaveLength(1);
    if (cgroupRoot)
      expect(readdirSync(cgroupRoot).filter((f) => /^[0-9a-f]{16}-\d+$/.test(f))).toHaveLength(1);
    await t.dispose();
    expect(existsSync(tmpRoot)).toBe(false);
    if (cgroupRoot) expect(existsSync(cgroupRoot)).toBe(false);
  });
});
