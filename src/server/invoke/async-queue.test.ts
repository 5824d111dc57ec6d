import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND, VirtualClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { OutOfSpaceError } from '../capacity/out-of-space.js';
import { TooManyRequestsException } from '../functions/errors.js';
import type { EventInvokeSettings } from '../functions/event-invoke-store.js';
import { AsyncQueue } from './async-queue.js';
import type { InvokeRequest, InvokeResult, Invoker } from './invoker.js';
import type { LogEntry } from './logs/log-types.js';
import type { AsyncInvocationRecord, AsyncInvocationStore } from './store.js';

function memoryStore(): AsyncInvocationStore & { rows: Map<string, AsyncInvocationRecord> } {
  const rows = new Map<string, AsyncInvocationRecord>();
  return {
    rows,
    add: (r) => Promise.resolve(void rows.set(r.requestId, r)),
    markStarted: (id, at) => Promise.resolve(void rows.set(id, { ...rows.get(id)!, startedAt: at })),
    reschedule: (id, attempts, nextAttemptAt) => {
      const { startedAt: _, ...rest } = rows.get(id)!;
      return Promise.resolve(void rows.set(id, { ...rest, attempts, nextAttemptAt }));
    },
    remove: (id, followUp) => {
      rows.delete(id);
      if (followUp) rows.set(followUp.requestId, followUp);
      return Promise.resolve();
    },
    list: () => Promise.resolve([...rows.values()]),
    get: (id) => Promise.resolve(rows.get(id)),
  };
}

const ACCOUNT = { region: 'us-east-1', accountId: '123456789012' };

function counter(): Random {
  let n = 0;
  return { next: () => 0.5, uuid: () => `id-${++n}`, hex: () => 'ab' };
}

function result(over: Partial<InvokeResult> = {}): InvokeResult {
  return {
    executedVersion: '1',
    body: Buffer.from('{}'),
    functionError: false,
    logResult: undefined,
    ...over,
  };
}

interface Harness {
  clock: VirtualClock;
  store: ReturnType<typeof memoryStore>;
  queue: AsyncQueue;
  logged: LogEntry[];
  seen: InvokeRequest[];
}

function harness(
  invoke: (request: InvokeRequest) => Promise<InvokeResult>,
  settings: Record<string, EventInvokeSettings> = {},
  store = memoryStore(),
  space?: { admit(): void },
): Harness {
  const clock = new VirtualClock(0);
  const logged: LogEntry[] = [];
  const seen: InvokeRequest[] = [];
  const invoker = {
    invoke: (request: InvokeRequest) => {
      seen.push(request);
      return invoke(request);
    },
    logGroup: (name: string) => Promise.resolve(`/aws/lambda/${name}`),
  } as unknown as Invoker;
  const queue = new AsyncQueue({
    store,
    invoker,
    clock,
    logClock: clock,
    random: counter(),
    log: silentLog,
    logs: {
      append: (entry) => {
        logged.push(entry);
        return Promise.resolve(true);
      },
    },
    settings: { settingsFor: (fn) => Promise.resolve(settings[fn]) },
    account: ACCOUNT,
    ...(space ? { space } : {}),
  });
  return { clock, store, queue, logged, seen };
}

const event = (requestId = 'r', functionName = 'f') => ({
  requestId,
  functionName,
  qualifier: undefined,
  payload: Buffer.from('{"order":7}'),
});

describe('the async queue, on virtual time', () => {
  it('retries a failing event after 1 and 2 minutes, then drops it', async () => {
    const h = harness(() => Promise.resolve(result({ functionError: true })));
    await h.queue.enqueue(event());
    await h.clock.advance(10 * MINUTE);
    expect(h.seen).toHaveLength(3);
    expect(h.store.rows.size).toBe(0);
    expect(h.queue.counters.dropped).toBe(1);
  });

  it('keeps a throttled event queued without using up attempts, and runs it once it can', async () => {
    let throttle = true;
    const h = harness(() =>
      throttle ? Promise.reject(new TooManyRequestsException('Rate Exceeded.')) : Promise.resolve(result()),
    );
    await h.queue.enqueue(event());
    await h.clock.advance(30 * SECOND);
    expect(h.store.rows.get('r')?.attempts).toBe(0);
    throttle = false;
    await h.clock.advance(10 * MINUTE);
    expect(h.queue.counters.succeeded).toBe(1);
    expect(h.store.rows.size).toBe(0);
  });

  it('holds no payload while an event waits: it is read from the store when its attempt is due', async () => {
    const payloads: string[] = [];
    const h = harness((request) => {
      payloads.push(request.payload.toString());
      return Promise.reject(new TooManyRequestsException('Rate Exceeded.'));
    });
    await h.queue.enqueue({ ...event(), payload: Buffer.from('a') });
    await h.clock.advance(1);
    // What the queue runs next is what the store holds then, not a copy kept since enqueue.
    h.store.rows.set('r', { ...h.store.rows.get('r')!, payload: Buffer.from('b') });
    await h.clock.advance(SECOND - 1);
    expect(payloads).toEqual(['a', 'b']);
    h.store.rows.delete('r');
    await h.clock.advance(10 * MINUTE);
    expect(payloads).toEqual(['a', 'b']);
    expect(h.queue.size).toBe(0);
  });

  it('deletes an event only once its log is on disk', async () => {
    let logDurable: (written: boolean) => void = () => undefined;
    const logged = new Promise<boolean>((done) => (logDurable = done));
    const h = harness(() => Promise.resolve(result({ logged })));
    await h.queue.enqueue(event());
    await h.clock.advance(SECOND);
    expect(h.store.rows.has('r')).toBe(true);
    logDurable(true);
    await h.clock.advance(SECOND);
    expect(h.store.rows.has('r')).toBe(false);
  });

  it('notes an attempt a crash interrupted in the function log, then runs the event again', async () => {
    const store = memoryStore();
    store.rows.set('old', {
      requestId: 'old',
      functionName: 'f',
      qualifier: 'live',
      payload: Buffer.from('{"a":1}'),
      attempts: 1,
      nextAttemptAt: 5 * SECOND,
      enqueuedAt: 0,
      startedAt: 4 * SECOND,
    });
    const h = harness(() => Promise.resolve(result()), {}, store);
    await h.queue.start();
    expect(h.logged).toHaveLength(1);
    expect(h.logged[0]).toMatchObject({ group: '/aws/lambda/f', version: 'live' });
    expect(h.logged[0]!.text).toContain('INTERRUPTED RequestId: old');
    expect(h.store.rows.get('old')?.startedAt).toBeUndefined();
    expect(h.queue.counters.interrupted).toBe(1);
    await h.clock.advance(4 * SECOND);
    expect(h.seen).toHaveLength(0);
    await h.clock.advance(1 * SECOND);
    expect(h.seen.map((r) => [r.requestId, r.qualifier, r.payload.toString()])).toEqual([
      ['old', 'live', '{"a":1}'],
    ]);
  });

  it('sends the invocation record to the on-failure destination once retries are exhausted', async () => {
    const h = harness(
      (request) =>
        request.functionName === 'f'
          ? Promise.resolve(result({ functionError: true, body: Buffer.from('{"errorType":"Boom"}') }))
          : Promise.resolve(result()),
      { f: { maximumRetryAttempts: 1, onFailure: 'arn:aws:lambda:us-east-1:123456789012:function:dlq' } },
    );
    await h.queue.enqueue(event());
    await h.clock.advance(5 * MINUTE);
    const delivered = h.seen.filter((r) => r.functionName === 'dlq');
    expect(h.seen.filter((r) => r.functionName === 'f')).toHaveLength(2);
    expect(delivered).toHaveLength(1);
    const sent = JSON.parse(delivered[0]!.payload.toString()) as Record<string, unknown>;
    expect(sent).toMatchObject({
      version: '1.0',
      requestContext: {
        requestId: 'r',
        functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 2,
      },
      requestPayload: { order: 7 },
      responseContext: { statusCode: 200, executedVersion: '1', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Boom' },
    });
    expect(h.queue.counters.delivered).toBe(1);
    expect(h.store.rows.size).toBe(0);
  });

  it('sends successes to the on-success destination, and drops events past their maximum age', async () => {
    let throttle = true;
    const h = harness(
      (request) =>
        throttle && request.functionName === 'slow'
          ? Promise.reject(new TooManyRequestsException('Rate Exceeded.'))
          : Promise.resolve(result({ body: Buffer.from('"ok"') })),
      {
        f: { onSuccess: 'arn:aws:lambda:us-east-1:123456789012:function:audit:live' },
        slow: {
          maximumEventAgeInSeconds: 60,
          onFailure: 'arn:aws:lambda:us-east-1:123456789012:function:audit',
        },
      },
    );
    await h.queue.enqueue(event('a', 'f'));
    await h.queue.enqueue(event('b', 'slow'));
    await h.clock.advance(5 * MINUTE);
    throttle = false;
    const audits = h.seen.filter((r) => r.functionName === 'audit');
    expect(audits.map((r) => r.qualifier)).toEqual(['live', undefined]);
    type Sent = {
      requestContext: { condition: string; approximateInvokeCount: number };
      responseContext?: unknown;
      responsePayload?: unknown;
    };
    const [success, tooOld] = audits.map((r) => JSON.parse(r.payload.toString()) as Sent);
    expect(success?.requestContext.condition).toBe('Success');
    expect(success?.responsePayload).toBe('ok');
    expect(tooOld?.requestContext.condition).toBe('EventAgeExceeded');
    expect(tooOld?.requestContext.approximateInvokeCount).toBe(0);
    expect(tooOld?.responseContext).toBeUndefined();
  });

  it('refuses new events while the data dir is full, with the reason', async () => {
    const full = {
      admit: () => {
        throw new OutOfSpaceError({
          addition: { kind: 'event', bytes: 600 },
          dir: '/data',
          freeBytes: 1000,
          reserveBytes: 64 * 1024 * 1024,
        });
      },
    };
    const { queue, store } = harness(() => Promise.resolve(result()), {}, memoryStore(), full);
    await expect(queue.enqueue(event())).rejects.toMatchObject({
      code: 'TooManyRequestsException',
      message: expect.stringContaining('The data dir /data is nearly full') as unknown,
    });
    expect(store.rows.size).toBe(0);
  });
});
