import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CreateAliasCommand,
  GetAliasCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { createFunction } from '../support/fixtures.js';
import { BASIC_EXECUTION, ensureRole } from '../support/iam.js';
import { waitUpdated } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The proof that a rehearsal has one clock: seed 003's deployment function (Python, boto3: weight
 * steps, `time.sleep(interval)`, then `get_metric_statistics` of Errors for FunctionName +
 * Resource=fn:alias + ExecutedVersion over "the last minute" from `datetime.utcnow()`) runs
 * unchanged at --time-scale 60, under steady traffic: it promotes a healthy version and catches
 * and rolls back one that fails every request.
 */
const SCALE = 60;
const ROOT = resolve(import.meta.dirname, '../..');
let t: TestServer;

const healthy = (v: number) => `exports.handler = async () => ({ version: ${v} });\n`;
const broken = "exports.handler = async () => { throw new Error('version 3 has a bug'); };\n";

beforeAll(async () => {
  t = await startTestServer({ timeScale: SCALE });
  await createFunction(t.lambda, {
    FunctionName: 'MyFunction',
    Handler: 'index.handler',
    Timeout: 30, // on the rehearsal's clock: half a real second at 60x
    zip: await buildZip({ 'index.js': healthy(1) }),
  });
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'MyFunction' }));
  for (const code of [healthy(2), broken]) {
    const ZipFile = await buildZip({ 'index.js': code });
    await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'MyFunction', ZipFile, Publish: true }),
    );
    await waitUpdated(t.lambda, 'MyFunction');
  }
  await t.lambda.send(
    new CreateAliasCommand({ FunctionName: 'MyFunction', Name: 'MyAlias', FunctionVersion: '1' }),
  );
  // What the health check calls: the alias it shifts, and CloudWatch's statistics.
  const iam = new IAMClient({ endpoint: t.server.url, region: 'us-east-1', credentials: t.credentials });
  const role = await ensureRole(iam, {
    name: 'health-check',
    managed: [BASIC_EXECUTION],
    inline: {
      shift: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['lambda:GetAlias', 'lambda:UpdateAlias'],
            Resource: ['arn:aws:lambda:*:*:function:MyFunction', 'arn:aws:lambda:*:*:function:MyFunction:*'],
          },
          { Effect: 'Allow', Action: 'cloudwatch:GetMetricStatistics', Resource: '*' },
        ],
      }),
    },
  });
  iam.destroy();
  await createFunction(t.lambda, {
    FunctionName: 'SimpleDeployFunction',
    Role: role,
    Runtime: 'python3.12',
    Handler: 'simple_deploy.handler',
    Timeout: 900,
    zip: await buildZip({
      'simple_deploy.py': readFileSync(join(ROOT, 'examples/seed-003-shift/simple/simple_deploy.py'), 'utf8'),
    }),
  });
}, 60_000);

afterAll(async () => {
  await t?.dispose();
});

/** Steady traffic on the alias while `during` runs: invocations and errors per version. */
async function withTraffic<T>(
  during: () => Promise<T>,
): Promise<{ result: T; seen: Record<string, number> }> {
  const seen: Record<string, number> = {};
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      const out = await t.lambda.send(
        new InvokeCommand({ FunctionName: 'MyFunction', Qualifier: 'MyAlias', Payload: Buffer.from('{}') }),
      );
      const key = `v${out.ExecutedVersion}${out.FunctionError ? ' errors' : ''}`;
      seen[key] = (seen[key] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const loops = [loop(), loop()];
  try {
    return { result: await during(), seen };
  } finally {
    running = false;
    await Promise.all(loops);
  }
}

async function deploy(version: string) {
  const started = performance.now();
  const out = await t.lambda.send(
    new InvokeCommand({
      FunctionName: 'SimpleDeployFunction',
      LogType: 'Tail',
      Payload: Buffer.from(
        JSON.stringify({
          'function-name': 'MyFunction',
          'alias-name': 'MyAlias',
          'new-version': version,
          steps: 5,
          interval: 60,
          type: 'linear',
        }),
      ),
    }),
  );
  return {
    error: out.FunctionError,
    payload: Buffer.from(out.Payload ?? []).toString(),
    log: Buffer.from(out.LogResult ?? '', 'base64').toString(),
    realSeconds: (performance.now() - started) / 1000,
  };
}

async function alias() {
  const a = await t.lambda.send(new GetAliasCommand({ FunctionName: 'MyFunction', Name: 'MyAlias' }));
  return { version: a.FunctionVersion, weights: a.RoutingConfig?.AdditionalVersionWeights ?? {} };
}

describe(`seed 003's health check, unchanged, at --time-scale ${SCALE}`, () => {
  it('promotes a healthy version after five 60 s steps (five real seconds)', async () => {
    const { result, seen } = await withTraffic(() => deploy('2'));
    expect(result.error, result.payload + result.log + JSON.stringify(seen)).toBeUndefined();
    expect(await alias()).toEqual({ version: '2', weights: {} });
    expect(seen['v2']).toBeGreaterThan(0);
    expect(Object.keys(seen).filter((k) => k.endsWith('errors'))).toEqual([]);
    // Five 60-second sleeps of the function's clock, in about five real seconds.
    expect(result.realSeconds).toBeLessThan(60);
  });

  it('catches a version that fails every request, and rolls the alias back', async () => {
    const { result, seen } = await withTraffic(() => deploy('3'));
    expect(result.error).toBe('Unhandled');
    expect(JSON.parse(result.payload)).toMatchObject({ errorMessage: 'Health check failed, exiting' });
    expect(result.log).toContain('errors on version 3 in the last minute');
    expect(await alias()).toEqual({ version: '2', weights: {} });
    expect(seen['v3 errors']).toBeGreaterThan(0);
  });
});
