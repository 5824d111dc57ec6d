import { PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError } from '../support/lambda.js';
import { createFunction, invokeFunction, nodeHandlersZip, type Invocation } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let small: TestServer;

type Outcome =
  { ok: Invocation } | { throttled: { name: string; message: string; status?: number; reason: unknown } };

async function attempt(server: TestServer, name: string, event: unknown): Promise<Outcome> {
  try {
    return { ok: await invokeFunction(server.lambda, { FunctionName: name, event }) };
  } catch (e) {
    const error = e as Error & { $metadata?: { httpStatusCode?: number }; Reason?: unknown };
    return {
      throttled: {
        name: error.name,
        message: error.message,
        status: error.$metadata?.httpStatusCode,
        reason: error.Reason,
      },
    };
  }
}

/**
 * `n` attempts at once, with the order they were answered in: a throttle is answered at once, with the
 * burst queue (the default) as without it, never held until an invocation in flight ends.
 */
async function atOnce(
  server: TestServer,
  name: string,
  n: number,
): Promise<{ outcomes: Outcome[]; answered: string[] }> {
  const answered: string[] = [];
  const outcomes = await Promise.all(
    Array.from({ length: n }, () =>
      attempt(server, name, { ms: 500 }).then((o) => {
        answered.push('ok' in o ? 'ok' : 'throttled');
        return o;
      }),
    ),
  );
  return { outcomes, answered };
}

beforeAll(async () => {
  const zip = await nodeHandlersZip();
  t = await startTestServer();
  small = await startTestServer({ maxConcurrency: 3 });
  await Promise.all([
    createFunction(t.lambda, { FunctionName: 'zero', Handler: 'index.echo', zip }),
    createFunction(t.lambda, { FunctionName: 'two', Handler: 'index.sleep', zip }),
    createFunction(small.lambda, { FunctionName: 'slow', Handler: 'index.sleep', zip }),
  ]);
  await t.lambda.send(
    new PutFunctionConcurrencyCommand({ FunctionName: 'zero', ReservedConcurrentExecutions: 0 }),
  );
  await t.lambda.send(
    new PutFunctionConcurrencyCommand({ FunctionName: 'two', ReservedConcurrentExecutions: 2 }),
  );
});

afterAll(async () => {
  await Promise.all([t?.dispose(), small?.dispose()]);
});

describe('concurrency limits', () => {
  it('throttles every invocation of a function with reserved concurrency 0', async () => {
    const e = await awsError(invokeFunction(t.lambda, { FunctionName: 'zero', event: {} }));
    expect(e).toMatchObject({ name: 'TooManyRequestsException', status: 429, message: 'Rate Exceeded.' });
    expect(e.error['Reason']).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    // Event invocations are accepted and fail later, as in Lambda.
    const event = await invokeFunction(t.lambda, {
      FunctionName: 'zero',
      InvocationType: 'Event',
      event: {},
    });
    expect(event.status).toBe(202);
  });

  it('runs at most the reserved concurrency at once and throttles the rest of a burst', async () => {
    const { outcomes, answered } = await atOnce(t, 'two', 6);
    expect(answered).toEqual(['throttled', 'throttled', 'throttled', 'throttled', 'ok', 'ok']);
    const ok = outcomes.flatMap((o) => ('ok' in o ? [o.ok] : []));
    const throttled = outcomes.flatMap((o) => ('throttled' in o ? [o.throttled] : []));
    expect(ok).toHaveLength(2);
    expect(ok.every((r) => r.status === 200 && r.output.FunctionError === undefined)).toBe(true);
    expect(throttled).toHaveLength(4);
    for (const e of throttled) {
      expect(e).toEqual({
        name: 'TooManyRequestsException',
        message: 'Rate Exceeded.',
        status: 429,
        reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      });
    }
    // Once the burst is over, the function runs again.
    expect((await invokeFunction(t.lambda, { FunctionName: 'two', event: { ms: 1 } })).json).toEqual({
      slept: 1,
    });
  });

  it('throttles beyond the account limit (--max-concurrency) and fails nothing else', async () => {
    const { outcomes, answered } = await atOnce(small, 'slow', 7);
    expect(answered).toEqual(['throttled', 'throttled', 'throttled', 'throttled', 'ok', 'ok', 'ok']);
    const ok = outcomes.flatMap((o) => ('ok' in o ? [o.ok] : []));
    const throttled = outcomes.flatMap((o) => ('throttled' in o ? [o.throttled] : []));
    expect(ok).toHaveLength(3);
    expect(ok.every((r) => r.status === 200 && r.output.FunctionError === undefined)).toBe(true);
    expect(throttled).toHaveLength(4);
    expect(throttled.every((e) => e.status === 429 && e.reason === 'ConcurrentInvocationLimitExceeded')).toBe(
      true,
    );
    expect(small.server.runtime.pool.stats().busy).toBe(0);
  });
});
