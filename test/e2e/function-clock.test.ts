import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { createFunction, invokeFunction } from '../support/fixtures.js';
import { signedFetch } from '../support/signed-fetch.js';
import { startTestServer, type TestServer } from '../support/server.js';
import type { RuntimeChannel } from '../../src/server/runtime/environment-types.js';

// Under --time-scale every function reads the server's scaled clock (libfaketime): wall-clock
// reads and sleeps in Node, Python and a shell bootstrap, and Timeout, Duration, REPORT and log
// timestamps measured on that same clock; inside the bubblewrap sandbox and without it.
const SCALE = 60;
let t: TestServer;

const NODE = `
exports.handler = async (event, context) => {
  const t0 = Date.now();
  await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  return { t0, t1: Date.now(), remaining: context.getRemainingTimeInMillis() };
};
`;

const PYTHON = `
import datetime, time

def handler(event, context):
    t0 = time.time()
    d0 = datetime.datetime.now(datetime.timezone.utc)
    time.sleep(event["sleepMs"] / 1000)
    t1 = time.time()
    import boto3
    return {"t0": t0 * 1000, "t1": t1 * 1000, "d0": d0.timestamp() * 1000,
            "remaining": context.get_remaining_time_in_millis(), "boto3": boto3.__version__}
`;

// A shell bootstrap: curl for the Runtime API, date and sleep as child processes.
const SHELL = `#!/bin/sh
set -eu
api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
while true; do
  headers=$(mktemp)
  curl -sS -D "$headers" -o /dev/null "$api/invocation/next"
  id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | cut -d' ' -f2 | tr -d '\\r')
  t0=$(date +%s%3N)
  sleep 6
  t1=$(date +%s%3N)
  curl -sS -o /dev/null -X POST "$api/invocation/$id/response" -d "{\\"t0\\":$t0,\\"t1\\":$t1}"
done
`;

interface Reading {
  t0: number;
  t1: number;
  remaining?: number;
  d0?: number;
  boto3?: string;
}

async function setUp(sandbox: 'bwrap' | 'process', runtimeChannel: RuntimeChannel): Promise<void> {
  t = await startTestServer({ timeScale: SCALE, sandbox, runtimeChannel });
  await Promise.all([
    createFunction(t.lambda, {
      FunctionName: 'node-clock',
      Handler: 'index.handler',
      Timeout: 900,
      zip: await buildZip({ 'index.js': NODE }),
    }),
    createFunction(t.lambda, {
      FunctionName: 'python-clock',
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Timeout: 900,
      zip: await buildZip({ 'app.py': PYTHON }),
    }),
    createFunction(t.lambda, {
      FunctionName: 'shell-clock',
      Runtime: 'provided.al2023',
      Handler: 'x',
      Timeout: 900,
      zip: await buildZip({ bootstrap: { content: SHELL, executable: true } }),
    }),
    createFunction(t.lambda, {
      FunctionName: 'node-timeout',
      Handler: 'index.handler',
      Timeout: 3,
      zip: await buildZip({ 'index.js': NODE }),
    }),
  ]);
}

/** Invokes and reads the function's clock next to the server's, and how long it took for real. */
async function measure(name: string, sleepMs: number) {
  const before = t.server.clock.now();
  const started = performance.now();
  const r = await invokeFunction(t.lambda, { FunctionName: name, event: { sleepMs }, LogType: 'Tail' });
  const realMs = performance.now() - started;
  const after = t.server.clock.now();
  const duration = Number(/\bDuration: ([\d.]+) ms/.exec(r.log)?.[1]);
  return { r, reading: r.json as Reading, before, after, realMs, duration };
}

describe.each([
  ['bwrap', 'frames'],
  ['process', 'frames'],
  ['bwrap', 'http'],
] as const)(
  `functions under --time-scale ${SCALE}, --sandbox %s, --runtime-channel %s`,
  (sandbox, runtimeChannel) => {
    beforeAll(() => setUp(sandbox, runtimeChannel), 60_000);
    afterAll(() => t?.dispose());

    it.each([
      ['node-clock', 'Node (Date, setTimeout)', 500],
      ['python-clock', 'Python (time.time, datetime, time.sleep)', 500],
      // No bootstrap of gradual's to set it right: a shell's clock starts its start-up time behind.
      // It is behind by its start-up's real time (spawn to libfaketime loading) times the scale,
      // at most the cold invocation's real time: a loaded machine's start-up of 200 ms is 12 s.
      ['shell-clock', 'a provided shell bootstrap (date, sleep)', undefined],
    ])('%s: %s reads the server clock, and its 6 s sleep takes a 60th of it', async (name, _, lag) => {
      const cold = await measure(name, 6000); // cold start out of the way
      const lagMs = lag ?? cold.realMs * SCALE;
      const m = await measure(name, 6000);
      expect(m.r.status).toBe(200);
      const { t0, t1 } = m.reading;
      // The function's clock is the server's: its reading falls inside the server's, give or take
      // a few real milliseconds (at 60x, 2 ms of real time is 120 ms on this clock; seen: 103 ms).
      expect(t0).toBeGreaterThanOrEqual(m.before - lagMs);
      expect(t1).toBeLessThanOrEqual(m.after + 500);
      // It slept 6 seconds of that clock, in about a 60th of the real time.
      expect(t1 - t0).toBeGreaterThanOrEqual(6000);
      expect(t1 - t0).toBeLessThan(6000 + 60 * 100);
      expect(m.realMs).toBeLessThan(2000);
      // REPORT's Duration is measured on the same clock.
      expect(m.duration).toBeGreaterThanOrEqual(6000);
      expect(m.duration).toBeLessThan(m.after - m.before + 100);
    });

    it('Python: datetime agrees with time.time, and boto3 imports', async () => {
      const m = await measure('python-clock', 0);
      expect(Math.abs(m.reading.d0! - m.reading.t0)).toBeLessThan(100);
      expect(m.reading.boto3).toMatch(/^\d+\.\d+/);
    });

    it('the deadline is on the same clock: getRemainingTimeInMillis counts from the Timeout', async () => {
      const m = await measure('node-clock', 0);
      // Within what one look at the platform clock can tell (a fraction of a real millisecond).
      expect(m.reading.remaining).toBeLessThanOrEqual(900_000 + 300);
      expect(m.reading.remaining).toBeGreaterThan(900_000 - (m.after - m.before) - 1000);
    });

    it('Timeout counts the scaled clock: a 3 s timeout ends a 10 s sleep after a 60th of 3 s', async () => {
      await measure('node-timeout', 0);
      const m = await measure('node-timeout', 10_000);
      expect(m.r.payload).toContain('Task timed out after 3.00 seconds');
      expect(m.duration).toBeGreaterThanOrEqual(3000);
      expect(m.realMs).toBeLessThan(3000);
    });

    it('log timestamps are on the server clock', async () => {
      const before = t.server.clock.now();
      await measure('node-clock', 0);
      let events: { timestamp: number; message: string }[] = [];
      for (let i = 0; i < 50 && !events.some((e) => e.message.startsWith('REPORT')); i++) {
        await new Promise((r) => setTimeout(r, 100));
        const response = await signedFetch(`${t.server.url}/`, {
          method: 'POST',
          service: 'logs',
          credentials: t.credentials,
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'Logs_20140328.FilterLogEvents',
          },
          body: JSON.stringify({ logGroupName: '/aws/lambda/node-clock', startTime: before }),
        });
        events = ((await response.json()) as { events: typeof events }).events;
      }
      const report = events.find((e) => e.message.startsWith('REPORT'));
      expect(report?.timestamp).toBeGreaterThanOrEqual(before);
      expect(report?.timestamp).toBeLessThanOrEqual(t.server.clock.now());
    });
  },
);
