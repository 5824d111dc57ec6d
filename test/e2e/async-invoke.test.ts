import { DeleteFunctionConcurrencyCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationRecord } from '../../src/server/invoke/invocation-record.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer, tempDir, type TestServer } from '../support/server.js';

let t: TestServer;
const records: InvocationRecord[] = [];

async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const of = (name: string): InvocationRecord[] => records.filter((r) => r.functionName === name);

beforeAll(async () => {
  // Platform time 1000x faster: Lambda's 1 and 2 minute retry waits take 60 and 120 ms.
  t = await startTestServer(
    { timeScale: 1000, dataDir: tempDir() },
    { invocations: { record: (r) => records.push(r) } },
  );
  const zip = await nodeHandlersZip();
  // Functions share that clock: a 900 s Timeout gives them 0.9 s of real time.
  const fn = (FunctionName: string, Handler: string) =>
    createFunction(t.lambda, { FunctionName, Handler, Timeout: 900, zip });
  await Promise.all([fn('echo', 'index.echo'), fn('throws', 'index.throws'), fn('held', 'index.echo')]);
});

afterAll(async () => {
  await t?.dispose();
});

describe('Event invocations', () => {
  it('accepts with 202 and runs the event in the background', async () => {
    const r = await invokeFunction(t.lambda, {
      FunctionName: 'echo',
      InvocationType: 'Event',
      event: { x: 1 },
    });
    expect(r.status).toBe(202);
    const record = await until('the event to run', () => of('echo')[0]);
    expect(record).toMatchObject({
      invocationType: 'Event',
      outcome: 'success',
      executedVersion: '$LATEST',
      qualifier: undefined,
    });
  });

  it('retries a failing event twice, as Lambda does', async () => {
    await invokeFunction(t.lambda, { FunctionName: 'throws', InvocationType: 'Event', event: {} });
    const attempts = await until('three attempts', () =>
      of('throws').length >= 3 ? of('throws') : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(of('throws')).toHaveLength(3);
    expect(attempts.every((r) => r.outcome === 'error' && r.errorType === 'TypeError')).toBe(true);
    // The waits between attempts follow Lambda's (about 1 then 2 minutes, here scaled 1000x).
    const [a, b, c] = attempts.map((r) => r.startedAt);
    expect(b! - a!).toBeGreaterThanOrEqual(60_000);
    expect(c! - b!).toBeGreaterThanOrEqual(120_000);
  });

  it('keeps queued events across a restart', async () => {
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'held', ReservedConcurrentExecutions: 0 }),
    );
    const r = await invokeFunction(t.lambda, {
      FunctionName: 'held',
      InvocationType: 'Event',
      event: { kept: true },
    });
    expect(r.status).toBe(202);
    // Throttled while reserved concurrency is 0: it waits in the queue.
    await until('a throttled attempt', () => of('held').find((x) => x.outcome === 'throttled'));
    t = await t.restart();
    await t.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'held' }));
    const ran = await until('the held event to run after the restart', () =>
      of('held').find((x) => x.outcome === 'success'),
    );
    expect(ran.invocationType).toBe('Event');
  });
});
