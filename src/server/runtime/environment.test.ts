import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Environment, type EnvironmentDeps, type EnvironmentSpec } from './environment.js';
import { RUNTIME_CHANNELS } from './environment-types.js';
import { testEnvironmentDeps } from './test-support/environment-deps.js';
import { removeTmpRoot } from './tmp-root.js';

/** Real processes, small limits: the Init phase's limits (Lambda Developer Guide, execution environment lifecycle). */
let root: string;
let shared: EnvironmentDeps;

function spec(code: string, timeoutSeconds: number): EnvironmentSpec {
  const codeDir = mkdtempSync(join(root, 'code-'));
  // As the code store makes them: readable by the sandbox's uid.
  chmodSync(codeDir, 0o755);
  writeFileSync(join(codeDir, 'index.js'), code);
  return {
    functionName: 'f',
    version: '$LATEST',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    memorySize: 128,
    timeoutSeconds,
    ephemeralStorageMb: 512,
    logGroup: '/aws/lambda/f',
    variables: undefined,
    codeDir,
    role: 'arn:aws:iam::000000000000:role/test',
  };
}

const request = (requestId: string) => ({
  requestId,
  payload: Buffer.from('{}'),
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
  traceId: 'Root=1-0-0;Parent=0;Sampled=0',
  clientContext: undefined,
  cognitoIdentity: undefined,
});

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gradual-env-test-'));
  // Lambda's 10 s init limit, shrunk so the test is quick.
  shared = testEnvironmentDeps(root, { initLimitMs: 300 });
});

afterAll(() => {
  removeTmpRoot(root);
});

describe.each(RUNTIME_CHANNELS)('init limits (bootstraps on the %s channel)', (channel) => {
  const deps = (): EnvironmentDeps => ({ ...shared, runtimeChannel: channel });
  it('retries an init that overran its limit within the function timeout, and succeeds', async () => {
    const env = new Environment(
      spec(
        'const end = Date.now() + 500; while (Date.now() < end) {}\nexports.handler = async () => "ready";\n',
        3,
      ),
      deps(),
    );
    try {
      const result = await env.invoke(request('r1'));
      expect(result.outcome).toEqual({ kind: 'success', body: Buffer.from('"ready"') });
      expect(result.initOutput).toContain(
        'INIT_REPORT Init Duration: 300.00 ms\tPhase: init\tStatus: timeout',
      );
      expect(env.status).toBe('idle');
    } finally {
      await env.stop();
    }
  });

  it('times out with the function timeout when the retried init overruns it too', async () => {
    const hanging = new Environment(
      spec(
        'const end = Date.now() + 5000; while (Date.now() < end) {}\nexports.handler = async () => 1;\n',
        1,
      ),
      deps(),
    );
    try {
      const result = await hanging.invoke(request('r2'));
      expect(result.outcome).toEqual({
        kind: 'platform-error',
        payload: {
          errorType: 'Sandbox.Timedout',
          errorMessage: 'RequestId: r2 Error: Task timed out after 1.00 seconds',
        },
        timedOut: true,
      });
      expect(hanging.status).toBe('cold');
    } finally {
      await hanging.stop();
    }
  });

  it('prewarms without an invocation, and the first invocation is warm', async () => {
    const env = new Environment(spec('exports.handler = async () => "warm";\n', 3), deps());
    try {
      expect(await env.prewarm(5000)).toBe(true);
      expect(env.status).toBe('idle');
      const result = await env.invoke(request('r3'));
      expect(result.initDurationMs).toBeUndefined();
      expect(result.outcome).toEqual({ kind: 'success', body: Buffer.from('"warm"') });
    } finally {
      await env.stop();
    }
  });
});
