import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

// `counter` counts invocations per environment: 2 means the second ran in the first's environment.
let queued: TestServer;
let strict: TestServer;
// A short queue, and a machine whose CPU is saturated (or idle) as far as the server can tell.
let saturated: TestServer;
let idleCpu: TestServer;
// Saturated too, with a bound on that wait shorter than the first invocation's sleep.
let bounded: TestServer;
const shortQueue = { burstQueueMs: 100, maxBusyWhenSaturated: 1, maxSaturatedWaitMs: 0 };

beforeAll(async () => {
  const zip = await nodeHandlersZip();
  // A long queue, so the test does not depend on how fast this machine is.
  queued = await startTestServer({ burstQueueMs: 30_000 });
  strict = await startTestServer({ burstQueueMs: 0 });
  saturated = await startTestServer(shortQueue, { cpu: { busyFraction: () => 1 } });
  idleCpu = await startTestServer(shortQueue, { cpu: { busyFraction: () => 0 } });
  bounded = await startTestServer(
    { ...shortQueue, maxSaturatedWaitMs: 300 },
    { cpu: { busyFraction: () => 1 } },
  );
  await Promise.all(
    [queued, strict, saturated, idleCpu, bounded].map((t) =>
      createFunction(t.lambda, { FunctionName: 'counter', Handler: 'index.counter', zip }),
    ),
  );
});

afterAll(async () => {
  await Promise.all([queued, strict, saturated, idleCpu, bounded].map((t) => t?.dispose()));
});

async function overlapping(t: TestServer): Promise<[unknown, unknown]> {
  const first = invokeFunction(t.lambda, { FunctionName: 'counter', event: { sleep: 1500 } });
  // The first is busy (starting, or running its sleep) when the second arrives.
  await new Promise((r) => setTimeout(r, 300));
  const second = invokeFunction(t.lambda, { FunctionName: 'counter', event: {} });
  const [a, b] = await Promise.all([first, second]);
  return [a.json, b.json];
}

describe('burst queue', () => {
  it('lets an invocation wait for the busy environment of its version instead of starting one', async () => {
    const [first, second] = await overlapping(queued);
    expect(first).toMatchObject({ invocations: 1 });
    expect(second).toMatchObject({ invocations: 2 });
  });

  it('with --burst-queue-ms 0 starts a new environment for the concurrent request, as Lambda does', async () => {
    const [first, second] = await overlapping(strict);
    expect(first).toMatchObject({ invocations: 1 });
    expect(second).toMatchObject({ invocations: 1 });
  });

  it('once its time in the queue is out, starts an environment when the CPU has room', async () => {
    const [first, second] = await overlapping(idleCpu);
    expect(first).toMatchObject({ invocations: 1 });
    expect(second).toMatchObject({ invocations: 1 });
  });

  it('keeps waiting for its version while the CPU is saturated and enough environments are busy', async () => {
    const [first, second] = await overlapping(saturated);
    expect(first).toMatchObject({ invocations: 1 });
    expect(second).toMatchObject({ invocations: 2 });
  });

  it('starts an environment after all once it has waited --max-saturated-wait-ms on a saturated CPU', async () => {
    const [first, second] = await overlapping(bounded);
    expect(first).toMatchObject({ invocations: 1 });
    expect(second).toMatchObject({ invocations: 1 });
  });
});
