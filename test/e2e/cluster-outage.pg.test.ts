import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, ListApplicationsCommand } from '@aws-sdk/client-codedeploy';
import {
  CreateAliasCommand,
  GetAliasCommand,
  GetFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeZip } from '../support/functions.js';
import { createActiveFunction, waitUpdated } from '../support/lambda.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, tempDir, type TestServer } from '../support/server.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

/**
 * PostgreSQL out of one node's reach: node A talks to the database through a proxy the test cuts
 * (a partition: nothing passes; or the database gone: connections reset); node B keeps its own
 * connection. A's calls that need the database fail fast with each service's modelled server error
 * (Lambda's 500 `ServiceException`, the common 503 `ServiceUnavailable`), its warm functions keep
 * answering, and when the database returns A recovers by itself, having missed none of B's changes.
 */
let database: TestDatabase;
let proxy: TcpProxy;
let a: TestServer;
let b: TestServer;
/** What node A warned about (shown when a test fails). */
const logged: string[] = [];
const record =
  (level: string) =>
  (message: string, fields?: Record<string, unknown>): void => {
    logged.push(`${performance.now().toFixed(0)} ${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };

beforeAll(async () => {
  database = await createTestDatabase();
  b = await startTestServer({ database: database.url, dataDir: tempDir('gradual-node-') });
  const target = new URL(database.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(database.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  a = await startTestServer(
    { database: proxied.toString(), dataDir: tempDir('gradual-node-') },
    { log: { debug() {}, info() {}, warn: record('warn'), error: record('error') } },
  );
}, 120_000);
afterAll(async () => {
  await proxy?.restore();
  await Promise.allSettled([a?.dispose(), b?.dispose()]);
  await proxy?.close();
  await database?.drop();
});

async function invoke(lambda: LambdaClient, name: string): Promise<{ version: string; body: unknown }> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name }));
  expect(out.FunctionError).toBeUndefined();
  return {
    version: out.ExecutedVersion ?? '',
    body: JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString()) as unknown,
  };
}

/** The error a call fails with, and how long it took to fail. */
async function failure(call: () => Promise<unknown>): Promise<{ name: string; status: number; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode ?? 0, ms: performance.now() - started };
  }
  throw new Error('the call succeeded with the database out of reach');
}

/** Polls `call` until it succeeds (the node noticed the database is back). */
async function recovered<T>(call: () => Promise<T>, withinMs: number): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  for (;;) {
    try {
      return { value: await call(), ms: performance.now() - started };
    } catch (error) {
      if (performance.now() - started > withinMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function clientsOf(node: TestServer) {
  const config = {
    endpoint: node.server.url,
    region: node.server.options.region,
    credentials: node.credentials,
    maxAttempts: 1,
  };
  return {
    codedeploy: new CodeDeployClient(config),
    cloudwatch: new CloudWatchClient(config),
    sfn: new SFNClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    cloudformation: new CloudFormationClient(config),
  };
}

describe('PostgreSQL out of one node’s reach', () => {
  it('given functions and an alias written through node A before the cut', async () => {
    await createActiveFunction(a.lambda, 'steady', { Code: { ZipFile: await nodeZip({ v: 1 }) } });
    await a.lambda.send(new PublishVersionCommand({ FunctionName: 'steady' }));
    await a.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'steady', ZipFile: await nodeZip({ v: 2 }) }),
    );
    await waitUpdated(a.lambda, 'steady');
    await a.lambda.send(new PublishVersionCommand({ FunctionName: 'steady' }));
    await a.lambda.send(
      new CreateAliasCommand({ FunctionName: 'steady', Name: 'live', FunctionVersion: '1' }),
    );
    await createActiveFunction(a.lambda, 'kept');
    // Warm on A.
    expect(await invoke(a.lambda, 'steady:live')).toEqual({ version: '1', body: { v: 1 } });
  });

  for (const mode of ['blackhole', 'refuse'] as const) {
    it(`${mode}: fails fast with each service's server error, keeps serving warm functions, recovers by itself`, async () => {
      await proxy.cut(mode);
      // The first call may wait out one read timeout (6 s) on a connection the partition holds;
      // from then on, calls fail at once.
      const first = await failure(() => a.lambda.send(new GetFunctionCommand({ FunctionName: 'kept' })));
      expect(first).toMatchObject({ name: 'ServiceException', status: 500 });
      expect(first.ms).toBeLessThan(8000);
      const again = await failure(() => a.lambda.send(new GetFunctionCommand({ FunctionName: 'kept' })));
      expect(again).toMatchObject({ name: 'ServiceException', status: 500 });
      // At once, next to the 6 s read timeout (loose for a loaded machine: 510 ms seen there).
      expect(again.ms).toBeLessThan(2000);

      // Every protocol says so in its own words.
      const c = clientsOf(a);
      const errors = {
        codedeploy: await failure(() => c.codedeploy.send(new ListApplicationsCommand({}))),
        cloudwatch: await failure(() => c.cloudwatch.send(new DescribeAlarmsCommand({}))),
        sfn: await failure(() => c.sfn.send(new ListStateMachinesCommand({}))),
        s3: await failure(() => c.s3.send(new ListBucketsCommand({}))),
        cloudformation: await failure(() => c.cloudformation.send(new ListStacksCommand({}))),
      };
      for (const e of Object.values(errors)) {
        expect(e).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
        expect(e.ms).toBeLessThan(2000);
      }

      // Warm functions whose routing is resolved keep serving.
      for (let i = 0; i < 5; i++)
        expect(await invoke(a.lambda, 'steady:live'), logged.join('\n')).toEqual({
          version: '1',
          body: { v: 1 },
        });

      // Meanwhile node B, which still reaches the database, moves the alias.
      await b.lambda.send(
        new UpdateAliasCommand({ FunctionName: 'steady', Name: 'live', FunctionVersion: '2' }),
      );

      await proxy.restore();
      const back = await recovered(
        () => a.lambda.send(new GetAliasCommand({ FunctionName: 'steady', Name: 'live' })),
        10_000,
      );
      // B's change, made while A was cut off, is not missed: read back and routed.
      expect(back.value.FunctionVersion).toBe('2');
      expect(await invoke(a.lambda, 'steady:live')).toEqual({ version: '2', body: { v: 2 } });
      // Written before the cut, there after.
      const kept = await a.lambda.send(new GetFunctionCommand({ FunctionName: 'kept' }));
      expect(kept.Configuration?.State).toBe('Active');
      // A writes again (the alias back to 1), routes it, and B reads it.
      await a.lambda.send(
        new UpdateAliasCommand({ FunctionName: 'steady', Name: 'live', FunctionVersion: '1' }),
      );
      expect(await invoke(a.lambda, 'steady:live'), logged.join('\n')).toEqual({
        version: '1',
        body: { v: 1 },
      });
      const seen = await b.lambda.send(new GetAliasCommand({ FunctionName: 'steady', Name: 'live' }));
      expect(seen.FunctionVersion).toBe('1');
      // Its heartbeat is written again: the other node lists it as up.
      await recovered(async () => {
        const listed = await b.server.cluster!.nodes.list();
        expect(listed.find((n) => n.address === a.server.url)?.heartbeatAgeMs).toBeLessThan(2000);
      }, 5000);
      // Notifications heard again (a reset connection is re-established).
      await recovered(() => {
        expect(a.server.cluster!.feed.listening).toBe(true);
        return Promise.resolve();
      }, 5000);
      console.log(
        `${mode}: first failure ${first.ms.toFixed(0)} ms, next ${again.ms.toFixed(0)} ms; back ${back.ms.toFixed(0)} ms after restore`,
      );
    }, 60_000);
  }
});
