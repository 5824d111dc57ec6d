import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND, VirtualClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import { TooManyRequestsException } from '../functions/errors.js';
import type { AsyncInvocationRecord, AsyncInvocationStore } from './store.js';
import { AsyncQueue, DEFAULT_ASYNC_OPTIONS, judgeAttempt } from './async-queue.js';
import type { InvokeRequest, InvokeResult, Invoker } from './invoker.js';

const record = { attempts: 0, enqueuedAt: 0 };

describe('judging an attempt', () => {
  it.each([
    ['success', record, { kind: 'done' }],
    ['function-error', record, { kind: 'retry', attempts: 1, at: 1 * MINUTE }],
    ['function-error', { attempts: 1, enqueuedAt: 0 }, { kind: 'retry', attempts: 2, at: 2 * MINUTE }],
    [
      'function-error',
      { attempts: 2, enqueuedAt: 0 },
      { kind: 'drop', reason: 'the function failed 3 times' },
    ],
    ['throttled', record, { kind: 'retry', attempts: 0, at: 1 * SECOND }],
    ['gone', record, { kind: 'drop', reason: 'the function or qualifier no longer exists' }],
  ] as const)('%s after %o', (result, r, expected) => {
    expect(judgeAttempt(r, result, 0, DEFAULT_ASYNC_OPTIONS)).toEqual(expected);
  });

  it('drops events older than the maximum event age', () => {
    const old = { attempts: 0, enqueuedAt: 0 };
    expect(judgeAttempt(old, 'throttled', 6 * 60 * MINUTE, DEFAULT_ASYNC_OPTIONS)).toEqual({
      kind: 'drop',
      reason: 'the event is too old',
    });
  });

  it('backs off throttled events further the longer they wait, up to 5 minutes', () => {
    const verdict = judgeAttempt(record, 'throttled', 10 * MINUTE, DEFAULT_ASYNC_OPTIONS);
    expect(verdict).toEqual({ kind: 'retry', attempts: 0, at: 10 * MINUTE + 256 * SECOND });
  });
});

function memoryStore(): AsyncInvocationStore & { rows: Map<string, AsyncInvocationRecord> } {
  const rows = new Map<string, AsyncInvocationRecord>();
  return {
    rows,
    add: (r) => Promise.resolve(void rows.set(r.requestId, r)),
    reschedule: (id, attempts, nextAttemptAt) =>
      Promise.resolve(void rows.set(id, { ...rows.get(id)!, attempts, nextAttemptAt })),
    remove: (id) => Promise.resolve(void rows.delete(id)),
    list: () => Promise.resolve([...rows.values()]),
    get: (id) => Promise.resolve(rows.get(id)),
  };
}

describe('the async queue, on virtual time', () => {
  it('retries a failing event after 1 and 2 minutes, then drops it', async () => {
    const clock = new VirtualClock(0);
    const store = memoryStore();
    const attempts: number[] = [];
    const invoker = {
      invoke: (request: InvokeRequest): Promise<InvokeResult> => {
        attempts.push(clock.now());
        expect(request.invocationType).toBe('Event');
        return Promise.resolve({
          executedVersion: '1',
          body: Buffer.from('{}'),
          functionError: true,
          logResult: undefined,
        });
      },
    } as unknown as Invoker;
    const queue = new AsyncQueue({ store, invoker, clock, log: silentLog });
    await queue.enqueue({
      requestId: 'r',
      functionName: 'f',
      qualifier: undefined,
      payload: Buffer.from('{}'),
    });
    await clock.advance(10 * MINUTE);
    expect(attempts).toEqual([0, 1 * MINUTE, 3 * MINUTE]);
    expect(store.rows.size).toBe(0);
  });

  it('keeps a throttled event queued without using up attempts, and runs it once it can', async () => {
    const clock = new VirtualClock(0);
    const store = memoryStore();
    let throttle = true;
    let ran = 0;
    const invoker = {
      invoke: (): Promise<InvokeResult> => {
        if (throttle) return Promise.reject(new TooManyRequestsException('Rate Exceeded.'));
        ran += 1;
        return Promise.resolve({
          executedVersion: '1',
          body: Buffer.from('{}'),
          functionError: false,
          logResult: undefined,
        });
      },
    } as unknown as Invoker;
    const queue = new AsyncQueue({ store, invoker, clock, log: silentLog });
    await queue.enqueue({
      requestId: 'r',
      functionName: 'f',
      qualifier: undefined,
      payload: Buffer.from('{}'),
    });
    await clock.advance(30 * SECOND);
    expect(store.rows.get('r')?.attempts).toBe(0);
    throttle = false;
    await clock.advance(10 * MINUTE);
    expect(ran).toBe(1);
    expect(store.rows.size).toBe(0);
  });

  it('holds no payload while an event waits: it is read from the store when its attempt is due', async () => {
    const clock = new VirtualClock(0);
    const store = memoryStore();
    const payloads: string[] = [];
    const invoker = {
      invoke: (request: InvokeRequest): Promise<InvokeResult> => {
        payloads.push(request.payload.toString());
        return Promise.reject(new TooManyRequestsException('Rate Exceeded.'));
      },
    } as unknown as Invoker;
    const queue = new AsyncQueue({ store, invoker, clock, log: silentLog });
    await queue.enqueue({
      requestId: 'r',
      functionName: 'f',
      qualifier: undefined,
      payload: Buffer.from('a'),
    });
    await clock.advance(1);
    // What the queue runs next is what the store holds then, not a copy kept since enqueue.
    store.rows.set('r', { ...store.rows.get('r')!, payload: Buffer.from('b') });
    await clock.advance(SECOND - 1);
    expect(payloads).toEqual(['a', 'b']);
    store.rows.delete('r');
    await clock.advance(10 * MINUTE);
    expect(payloads).toEqual(['a', 'b']);
    expect(queue.size).toBe(0);
  });

  it('picks up what was queued before a restart', async () => {
    const clock = new VirtualClock(0);
    const store = memoryStore();
    store.rows.set('old', {
      requestId: 'old',
      functionName: 'f',
      qualifier: 'live',
      payload: Buffer.from('{"a":1}'),
      attempts: 1,
      nextAttemptAt: 5 * SECOND,
      enqueuedAt: 0,
    });
    const seen: InvokeRequest[] = [];
    const invoker = {
      invoke: (request: InvokeRequest): Promise<InvokeResult> => {
        seen.push(request);
        return Promise.resolve({
          executedVersion: '1',
          body: Buffer.from('{}'),
          functionError: false,
          logResult: undefined,
        });
      },
    } as unknown as Invoker;
    const queue = new AsyncQueue({ store, invoker, clock, log: silentLog });
    await queue.start();
    await clock.advance(4 * SECOND);
    expect(seen).toHaveLength(0);
    await clock.advance(1 * SECOND);
    expect(seen.map((r) => [r.requestId, r.qualifier, r.payload.toString()])).toEqual([
      ['old', 'live', '{"a":1}'],
    ]);
  });
});
