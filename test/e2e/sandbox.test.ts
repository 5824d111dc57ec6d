import { IAMClient } from '@aws-sdk/client-iam';
import { ensureRole } from '../support/iam.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let otherCode: string;

type Attempt = { ok: true; value: unknown } | { ok: false; code: string };
interface Probe {
  readDataDir: Attempt;
  readDatabase: Attempt;
  readOtherCode: Attempt;
  writeCode: Attempt;
  writeTmp: Attempt;
  serverEnv: string[];
}

beforeAll(async () => {
  // A secret in the server's own environment: no function may see it.
  process.env['GRADUAL_SANDBOX_TEST_SECRET'] = 'do-not-leak';
  t = await startTestServer();
  // The function that calls back may read its own configuration, and nothing else.
  const iam = new IAMClient({ endpoint: t.server.url, region: 'us-east-1', credentials: t.credentials });
  const reader = await ensureRole(iam, {
    name: 'read-self',
    inline: {
      self: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'lambda:GetFunctionConfiguration',
            Resource: 'arn:aws:lambda:*:*:function:sdk',
          },
        ],
      }),
    },
  });
  iam.destroy();
  const zip = await nodeHandlersZip();
  await Promise.all([
    createFunction(t.lambda, { FunctionName: 'probe-a', Handler: 'index.probe', zip }),
    createFunction(t.lambda, { FunctionName: 'probe-b', Handler: 'index.probe', zip }),
    createFunction(t.lambda, { FunctionName: 'sdk', Handler: 'index.sdk', zip, Timeout: 15, Role: reader }),
    createFunction(t.lambda, {
      FunctionName: 'creds',
      Handler: 'index.handler',
      zip: await buildZip({
        'index.js':
          'exports.handler = async () => ({ id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: Boolean(process.env.AWS_SESSION_TOKEN) });\n',
      }),
    }),
    createFunction(t.lambda, {
      FunctionName: 'other',
      Handler: 'index.handler',
      zip: await buildZip({ 'index.js': 'exports.handler = async () => "secret code";\n' }),
    }),
  ]);
  // The other function's unpacked code, as the server keeps it.
  const codeRoot = join(t.dataDir, 'code');
  otherCode = readdirSync(codeRoot)
    .filter((name) => !name.endsWith('.zip'))
    .map((name) => join(codeRoot, name))
    .find((dir) => readdirSync(dir).length === 1)!;
});

afterAll(async () => {
  delete process.env['GRADUAL_SANDBOX_TEST_SECRET'];
  await t?.dispose();
});

describe.skipIf(process.platform !== 'linux')('the sandbox', () => {
  it('is bubblewrap on this machine', () => {
    expect(t.server.runtime.sandbox).toBe('bwrap');
  });

  it('hides the data dir and other functions code, and keeps the code read-only', async () => {
    expect(otherCode).toBeDefined();
    const r = await invokeFunction(t.lambda, {
      FunctionName: 'probe-a',
      event: { dataDir: t.dataDir, otherCode, file: 'from-a' },
    });
    const probe = r.json as Probe;
    expect(probe.readDataDir).toEqual({ ok: false, code: 'ENOENT' });
    expect(probe.readDatabase).toEqual({ ok: false, code: 'ENOENT' });
    expect(probe.readOtherCode).toEqual({ ok: false, code: 'ENOENT' });
    expect(probe.writeCode).toEqual({ ok: false, code: 'EROFS' });
    expect(probe.writeTmp).toEqual({ ok: true, value: ['from-a'] });
  });

  it('gives each environment its own /tmp', async () => {
    const r = await invokeFunction(t.lambda, {
      FunctionName: 'probe-b',
      event: { dataDir: t.dataDir, otherCode, file: 'from-b' },
    });
    expect((r.json as Probe).writeTmp).toEqual({ ok: true, value: ['from-b'] });
  });

  it("passes none of the server's environment", async () => {
    const r = await invokeFunction(t.lambda, {
      FunctionName: 'probe-a',
      event: { dataDir: t.dataDir, otherCode, file: 'x' },
    });
    expect((r.json as Probe).serverEnv).toEqual([]);
  });

  it("gives functions temporary credentials of their own, never the user's secret", async () => {
    const r = await invokeFunction(t.lambda, { FunctionName: 'creds' });
    const creds = r.json as { id: string; secret: string; token: boolean };
    expect(creds.id).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.id).not.toBe(t.credentials.accessKeyId);
    expect(creds.secret).not.toBe(t.credentials.secretAccessKey);
    expect(creds.token).toBe(true);
  });

  it('lets a function call gradual back through the AWS SDK it finds in the runtime', async () => {
    const r = await invokeFunction(t.lambda, { FunctionName: 'sdk' });
    expect(r.output.FunctionError).toBeUndefined();
    expect(r.json).toEqual({ name: 'sdk', runtime: 'nodejs20.x' });
  });
});
