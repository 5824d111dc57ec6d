import {
  CreateAliasCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { waitUpdated } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

// `counter` counts invocations per environment: 2 means the second ran in the first's environment.
let queued: TestServer;
// Lambda's strict rule is a switch (`--burst-queue-ms 0`); the queue is the default.
let strict: TestServer;
// gradual's defaults, with the cap on starts at once written out so the test reads the same on any machine.
let byDefault: TestServer;
const CAP = 2;
// A short queue, and a machine whose CPU is saturated (or idle) as far as the server can tell.
let saturated: TestServer;
let idleCpu: TestServer;
// Saturated too, with a bound on that wait shorter than the first invocation's sleep.
let bounded: TestServer;
const shortQueue = { burstQueueMs: 100, maxBusyWhenSaturated: 1, maxSaturatedWaitMs: 0 };

/**
 * Each environment reports its initialisation's window, measured inside it: INIT_MS of sleep
 * (Atomics.wait, no CPU) at load. The handler then sleeps long enough that no environment comes free
 * during the burst, so every request needs an environment and only the starts at once differ.
 */
const SLOW_INIT = `
const initStart = Date.now();
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env.INIT_MS));
const initEnd = Date.now();
const id = Math.random();
exports.handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.sleep));
  return { id, initStart, initEnd };
};
`;

beforeAll(async () => {
  const zip = await nodeHandlersZip();
  // A long queue, so the test does not depend on how fast this machine is.
  queued = await startTestServer({ burstQueueMs: 30_000 });
  strict = await startTestServer({ burstQueueMs: 0 });
  byDefault = await startTestServer({ maxConcurrentInits: CAP });
  saturated = await startTestServer(shortQueue, { cpu: { busyFraction: () => 1 } });
  idleCpu = await startTestServer(shortQueue, { cpu: { busyFraction: () => 0 } });
  bounded = await startTestServer(
    { ...shortQueue, maxSaturatedWaitMs: 300 },
    { cpu: { busyFraction: () => 1 } },
  );
  const slowInit = await buildZip({ 'index.js': SLOW_INIT });
  await Promise.all([
    ...[queued, strict, saturated, idleCpu, bounded].map((t) =>
      createFunction(t.lambda, { FunctionName: 'counter', Handler: 'index.counter', zip }),
    ),
    ...[
      { t: byDefault, initMs: 300 },
      // Longer on Lambda's side, so that six starts at once overlap even on a loaded machine.
      { t: strict, initMs: 1200 },
    ].map(({ t, initMs }) =>
      createFunction(t.lambda, {
        FunctionName: 'slow-init',
        Handler: 'index.handler',
        zip: slowInit,
        Environment: { Variables: { INIT_MS: String(initMs) } },
      }),
    ),
  ]);
  // Versions 1 and 2 of `counter` under another name, an alias on 1.
  await createFunction(queued.lambda, { FunctionName: 'flipper', Handler: 'index.counter', zip });
  for (const description of ['one', 'two']) {
    await queued.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'flipper', Description: description }),
    );
    await waitUpdated(queued.lambda, 'flipper');
    await queued.lambda.send(new PublishVersionCommand({ FunctionName: 'flipper' }));
  }
  await queued.lambda.send(
    new CreateAliasCommand({ FunctionName: 'flipper', Name: 'live', FunctionVersion: '1' }),
  );
});

afterAll(async () => {
  await Promise.all([queued, strict, byDefault, saturated, idleCpu, bounded].map((t) => t?.dispose()));
});

interface Init {
  id: number;
  initStart: number;
  initEnd: number;
}

/** Six requests at once on a cold version: every request answered, and each environment's init. */
async function coldBurst(t: TestServer): Promise<Init[]> {
  const results = await Promise.all(
    Array.from({ length: 6 }, () =>
      invokeFunction(t.lambda, { FunctionName: 'slow-init', event: { sleep: 1000 } }),
    ),
  );
  expect(results.map((r) => [r.status, r.output.FunctionError])).toEqual(
    Array.from({ length: 6 }, () => [200, undefined]),
  );
  return [...new Map(results.map((r) => r.json as Init).map((i) => [i.id, i])).values()];
}

/** The most initialisations in progress at one moment. */
function mostAtOnce(inits: Init[]): number {
  return Math.max(
    ...inits.map((a) => inits.filter((b) => b.initStart <= a.initStart && a.initStart < b.initEnd).length),
  );
}

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

  it("hands a retired version's environment to the invocations queued for it before the flip", async () => {
    // Under the function's 3 s timeout: a timed-out environment is restarted, not handed on.
    const first = invokeFunction(queued.lambda, { FunctionName: 'flipper:live', event: { sleep: 1800 } });
    await new Promise((r) => setTimeout(r, 500));
    const second = invokeFunction(queued.lambda, { FunctionName: 'flipper:live', event: {} });
    await new Promise((r) => setTimeout(r, 300));
    // Nothing routes to version 1 any more: its environments are retired.
    await queued.lambda.send(
      new UpdateAliasCommand({ FunctionName: 'flipper', Name: 'live', FunctionVersion: '2' }),
    );
    const [a, b] = await Promise.all([first, second]);
    expect([a.output.FunctionError, b.output.FunctionError]).toEqual([undefined, undefined]);
    expect([a.output.ExecutedVersion, b.output.ExecutedVersion]).toEqual(['1', '1']);
    // The second ran in the first's environment as it came free, not in a new one after its 30 s.
    expect(b.json).toMatchObject({ invocations: 2 });
  });

  it('by default starts at most --max-concurrent-inits environments at once in a burst, and answers every request', async () => {
    const inits = await coldBurst(byDefault);
    expect(mostAtOnce(inits)).toBeLessThanOrEqual(CAP);
    // More than the cap in all: the cap is on starts at once, not on environments.
    expect(inits.length).toBeGreaterThan(CAP);
  });

  it('with the switch --burst-queue-ms 0 starts an environment per request of a burst at once, as Lambda does', async () => {
    const inits = await coldBurst(strict);
    expect(inits).toHaveLength(6);
    expect(mostAtOnce(inits)).toBeGreaterThan(CAP);
  });

  it('with the switch --burst-queue-ms 0 starts a new environment for the concurrent request, as Lambda does', async () => {
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
