import {
  CreateAliasCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/common/random.js';
import { parseKey } from '../../src/server/invoke/targets.js';
import { waitUpdated } from '../support/lambda.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SEED = 20260101;
let t: TestServer;

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** Invoke over plain HTTP (the server runs without authentication): cheap enough for 10,000. */
function rawInvoke(
  url: string,
  name: string,
  event: unknown,
): Promise<{ executed: string; ran: string; error: string | undefined }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        method: 'POST',
        path: `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200)
            return reject(new Error(`status ${res.statusCode}: ${Buffer.concat(chunks).toString()}`));
          resolve({
            executed: String(res.headers['x-amz-executed-version']),
            ran: (JSON.parse(Buffer.concat(chunks).toString()) as { version: string }).version,
            error: res.headers['x-amz-function-error'] as string | undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(event));
  });
}

/** Runs `n` invocations, `concurrency` at a time: each one's header version and the version that ran. */
async function burst(
  server: TestServer,
  name: string,
  n: number,
  concurrency: number,
  event: unknown = {},
): Promise<{ executed: string; ran: string; error: string | undefined }[]> {
  const results: { executed: string; ran: string; error: string | undefined }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next += 1;
        results.push(await rawInvoke(server.server.url, name, event));
      }
    }),
  );
  return results;
}

async function publish(name: string, description: string): Promise<string> {
  await t.lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: description }),
  );
  await waitUpdated(t.lambda, name);
  return (await t.lambda.send(new PublishVersionCommand({ FunctionName: name }))).Version!;
}

beforeAll(async () => {
  t = await startTestServer({ auth: 'off' }, { routingRandom: seededRandom(SEED) });
  const zip = await nodeHandlersZip();
  for (const name of ['split', 'flip']) {
    await createFunction(t.lambda, { FunctionName: name, Handler: 'index.version', zip });
    expect(await publish(name, 'one')).toBe('1');
    expect(await publish(name, 'two')).toBe('2');
  }
});

afterAll(async () => {
  agent.destroy();
  await t?.dispose();
});

describe('weighted alias routing', () => {
  it('splits exactly as the seeded draws say over 10,000 invocations, and reports the version run', async () => {
    await t.lambda.send(
      new CreateAliasCommand({
        FunctionName: 'split',
        Name: 'live',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
      }),
    );
    const replay = seededRandom(SEED);
    let expectedTwo = 0;
    for (let i = 0; i < 10_000; i++) if (replay.next() < 0.1) expectedTwo += 1;

    const results = await burst(t, 'split:live', 10_000, 8);
    expect(results.every((r) => r.error === undefined)).toBe(true);
    expect(results.every((r) => r.executed === r.ran)).toBe(true);
    expect(results.filter((r) => r.executed === '2').length).toBe(expectedTwo);
    expect(results.filter((r) => r.executed === '1').length).toBe(10_000 - expectedTwo);
  }, 60_000);

  it('applies an alias update to the next invocation, while one in flight finishes on its version', async () => {
    await t.lambda.send(new CreateAliasCommand({ FunctionName: 'flip', Name: 'live', FunctionVersion: '1' }));
    expect(
      (await invokeFunction(t.lambda, { FunctionName: 'flip:live', event: {} })).output.ExecutedVersion,
    ).toBe('1');
    const inFlight = invokeFunction(t.lambda, { FunctionName: 'flip:live', event: { sleep: 300 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await t.lambda.send(new UpdateAliasCommand({ FunctionName: 'flip', Name: 'live', FunctionVersion: '2' }));
    const after = await invokeFunction(t.lambda, { FunctionName: 'flip:live', event: {} });
    expect(after.output.ExecutedVersion).toBe('2');
    expect((after.json as { version: string }).version).toBe('2');
    const finished = await inFlight;
    expect(finished.output.ExecutedVersion).toBe('1');
    expect((finished.json as { version: string }).version).toBe('1');
    expect(finished.output.FunctionError).toBeUndefined();

    // Nothing routes to version 1 any more: its environments are stopped.
    const deadline = performance.now() + 5000;
    const versionsOf = (): string[] =>
      t.server.runtime.pool
        .keys()
        .map(parseKey)
        .filter((k) => k.functionName === 'flip')
        .map((k) => k.version);
    while (versionsOf().includes('1') && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(versionsOf()).toEqual(['2']);
  });

  it('drops nothing while the alias flips under load', async () => {
    const load = burst(t, 'flip:live', 600, 12, { sleep: 2 });
    for (const version of ['1', '2', '1', '2']) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await t.lambda.send(
        new UpdateAliasCommand({ FunctionName: 'flip', Name: 'live', FunctionVersion: version }),
      );
    }
    const results = await load;
    expect(results).toHaveLength(600);
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
    expect(results.every((r) => r.executed === r.ran)).toBe(true);
    expect(new Set(results.map((r) => r.executed))).toEqual(new Set(['1', '2']));
  });
  it('keeps a 0.1 weight within chi-square bounds with a real random source', async () => {
    const local = await startTestServer({ auth: 'off' });
    try {
      const zip = await nodeHandlersZip();
      await createFunction(local.lambda, { FunctionName: 'chi', Handler: 'index.version', zip });
      for (const description of ['one', 'two']) {
        await local.lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: 'chi', Description: description }),
        );
        await waitUpdated(local.lambda, 'chi');
        await local.lambda.send(new PublishVersionCommand({ FunctionName: 'chi' }));
      }
      await local.lambda.send(
        new CreateAliasCommand({
          FunctionName: 'chi',
          Name: 'live',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
        }),
      );
      const n = 2000;
      const two = (await burst(local, 'chi:live', n, 8)).filter((r) => r.executed === '2').length;
      const expected = [n * 0.1, n * 0.9];
      const observed = [two, n - two];
      const chi2 = observed.reduce((sum, o, i) => sum + (o - expected[i]!) ** 2 / expected[i]!, 0);
      // 10.83 is the 0.999 quantile of chi-square with one degree of freedom.
      expect(chi2).toBeLessThan(10.83);
    } finally {
      await local.dispose();
    }
  }, 60_000);
});
