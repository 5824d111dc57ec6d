import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCgroups, type Cgroups } from './cgroup.js';
import { Environment, type EnvironmentDeps } from './environment.js';
import { testEnvironmentDeps } from './test-support/environment-deps.js';
import { removeTmpRoot } from './tmp-root.js';

/**
 * REPORT's Max Memory Used, read when REPORT is built (after the reply): every invocation's own
 * figure, and the figure of the process it ran in even once that process is gone. Real processes
 * in a real memory cgroup; skipped where there is none to use.
 */
const HANDLER = `const kept = [];
exports.handler = async (event) => {
  // Filled, so the pages are really used.
  if (event.mb) kept.push(Buffer.alloc(event.mb * 1024 * 1024, 1));
  if (event.exit) process.exit(3);
  return 'ok';
};
`;

let root: string;
let deps: EnvironmentDeps;
const cgroups: Cgroups | undefined = openCgroups(`peak-test-${process.pid}`);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gradual-peak-memory-test-'));
  deps = testEnvironmentDeps(root, { cgroups });
});

afterAll(async () => {
  await cgroups?.close((ms) => new Promise((r) => setTimeout(r, ms)));
  removeTmpRoot(root);
});

function environment(): Environment {
  const codeDir = mkdtempSync(join(root, 'code-'));
  chmodSync(codeDir, 0o755);
  writeFileSync(join(codeDir, 'index.js'), HANDLER);
  return new Environment(
    {
      functionName: 'f',
      version: '$LATEST',
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      memorySize: 256,
      timeoutSeconds: 10,
      ephemeralStorageMb: 512,
      logGroup: '/aws/lambda/f',
      variables: undefined,
      codeDir,
      role: 'arn:aws:iam::000000000000:role/test',
    },
    deps,
  );
}

const request = (requestId: string, event: object) => ({
  requestId,
  payload: Buffer.from(JSON.stringify(event)),
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
  traceId: 'Root=1-0-0;Parent=0;Sampled=0',
  clientContext: undefined,
  cognitoIdentity: undefined,
});

describe.skipIf(!cgroups?.roots.memory)('Max Memory Used', () => {
  it('is each invocation’s own, even right after the one before (no reading kept from it)', async () => {
    const env = environment();
    try {
      const first = await env.invoke(request('r1', {}));
      const before = first.memory.mb();
      const second = await env.invoke(request('r2', { mb: 80 }));
      expect(second.outcome).toEqual({ kind: 'success', body: Buffer.from('"ok"') });
      expect(before).toBeGreaterThan(0);
      expect(second.memory.mb()).toBeGreaterThanOrEqual(before + 75);
    } finally {
      await env.stop();
    }
  });

  it('is the peak of the process the invocation ran in, read after that process has gone', async () => {
    const env = environment();
    try {
      const crashed = await env.invoke(request('r3', { mb: 80, exit: true }));
      expect(crashed.outcome.kind).toBe('platform-error');
      // The next invocation starts a new process (and cgroup) in the same environment.
      const next = await env.invoke(request('r4', {}));
      expect(next.outcome.kind).toBe('success');
      expect(crashed.memory.mb()).toBeGreaterThanOrEqual(80);
      expect(next.memory.mb()).toBeLessThan(crashed.memory.mb() - 40);
    } finally {
      await env.stop();
    }
  });
});
