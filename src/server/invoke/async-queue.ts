import type { Clock, Timer } from '../../common/clock.js';
import { HOUR, MINUTE, SECOND } from '../../common/clock.js';
import { ServiceError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import { every, SOLE_NODE_LEASES, type Leases } from '../cluster/leases.js';
import type { AsyncInvocationRecord, AsyncInvocationStore } from './store.js';
import type { Invoker } from './invoker.js';

export interface AsyncQueueOptions {
  /** Waits before the 2nd and 3rd attempts after a function error (Lambda: about 1 and 2 minutes). */
  retryDelaysMs: readonly number[];
  /** Events older than this are dropped (Lambda's default maximum event age: 6 hours). */
  maxEventAgeMs: number;
}

export const DEFAULT_ASYNC_OPTIONS: AsyncQueueOptions = {
  retryDelaysMs: [1 * MINUTE, 2 * MINUTE],
  maxEventAgeMs: 6 * HOUR,
};

/** What to do with an event after one attempt: pure, so the retry policy is tested on its own. */
export type AttemptVerdict =
  { kind: 'done' } | { kind: 'retry'; attempts: number; at: number } | { kind: 'drop'; reason: string };

export function judgeAttempt(
  record: Pick<AsyncInvocationRecord, 'attempts' | 'enqueuedAt'>,
  result: 'success' | 'function-error' | 'throttled' | 'gone' | 'failed',
  now: number,
  options: AsyncQueueOptions,
): AttemptVerdict {
  if (result === 'success') return { kind: 'done' };
  if (result === 'gone') return { kind: 'drop', reason: 'the function or qualifier no longer exists' };
  const attempts = result === 'function-error' ? record.attempts + 1 : record.attempts;
  let at: number;
  if (result === 'function-error') {
    const delay = options.retryDelaysMs[attempts - 1];
    if (delay === undefined) return { kind: 'drop', reason: `the function failed ${attempts} times` };
    at = now + delay;
  } else {
    // Throttled or the platform could not run it: back off without using up an attempt.
    at =
      now +
      Math.min(5 * MINUTE, SECOND * 2 ** Math.min(8, Math.floor((now - record.enqueuedAt) / SECOND / 10)));
  }
  if (at - record.enqueuedAt > options.maxEventAgeMs) return { kind: 'drop', reason: 'the event is too old' };
  return { kind: 'retry', attempts, at };
}

/**
 * `Event` invocations: stored before the 202 goes out (so a restart loses none), run in the
 * background, and retried twice after a function error, as Lambda does.
 */
export class AsyncQueue {
  private readonly timers = new Map<string, Timer>();
  private readonly running = new Set<Promise<void>>();
  private readonly attempting = new Set<string>();
  private closed = false;
  private stopScan: (() => void) | undefined;
  private readonly leases: Leases;

  constructor(
    private readonly deps: {
      store: AsyncInvocationStore;
      invoker: Invoker;
      clock: Clock;
      log: Log;
      /**
       * In a cluster: each attempt is made by the node holding the event's lease, and events
       * queued through a node that died are found by a periodic scan.
       */
      cluster?: { leases: Leases; wallClock: Clock; scanEveryMs: number };
    },
    private readonly options: AsyncQueueOptions = DEFAULT_ASYNC_OPTIONS,
  ) {
    this.leases = deps.cluster?.leases ?? SOLE_NODE_LEASES;
  }

  /** Schedules what was queued before a restart (and, in a cluster, what other nodes left). */
  async start(): Promise<void> {
    await this.scan();
    const cluster = this.deps.cluster;
    if (cluster) this.stopScan = every(cluster.wallClock, cluster.scanEveryMs, () => this.scan());
  }

  private async scan(): Promise<void> {
    for (const record of await this.deps.store.list()) {
      if (!this.timers.has(record.requestId) && !this.attempting.has(record.requestId)) this.schedule(record);
    }
  }

  async enqueue(event: {
    requestId: string;
    functionName: string;
    qualifier: string | undefined;
    payload: Buffer;
  }): Promise<void> {
    const now = this.deps.clock.now();
    const record: AsyncInvocationRecord = { ...event, attempts: 0, nextAttemptAt: now, enqueuedAt: now };
    await this.deps.store.add(record);
    this.schedule(record);
  }

  /** Events waiting or running. */
  get size(): number {
    return this.timers.size + this.running.size;
  }

  /**
   * Stops scheduling. Attempts still running finish without touching the store (the pool is
   * about to stop their environments), so after a restart they run again, not counted as failed.
   */
  stop(): void {
    this.closed = true;
    this.stopScan?.();
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  /**
   * Arms the event's next attempt. A waiting event holds only its id and time here: its payload
   * (up to 1 MB) stays in the store until the attempt is due, so a long queue (a throttled
   * function's events wait up to six hours) does not fill memory.
   */
  private schedule(record: Pick<AsyncInvocationRecord, 'requestId' | 'nextAttemptAt'>): void {
    if (this.closed) return;
    const { requestId } = record;
    const delay = Math.max(0, record.nextAttemptAt - this.deps.clock.now());
    this.timers.set(
      requestId,
      this.deps.clock.setTimer(delay, () => {
        this.timers.delete(requestId);
        const lease = `event:${requestId}`;
        this.attempting.add(requestId);
        const work = this.leases
          .acquire(lease)
          .then(async (mine) => {
            // Another node is making this attempt; a scan finds the event again if it dies.
            if (!mine) return;
            try {
              const due = await this.deps.store.get(requestId);
              // Rescheduled by another node since this timer was set: wait for the new time.
              if (due && due.nextAttemptAt > record.nextAttemptAt) this.schedule(due);
              else if (due) await this.attempt(due);
            } finally {
              await this.leases.release(lease);
            }
          })
          .catch((error: unknown) =>
            this.deps.log.error('an event invocation could not be read', { requestId, error: String(error) }),
          )
          .finally(() => {
            this.attempting.delete(requestId);
            this.running.delete(work);
          });
        this.running.add(work);
      }),
    );
  }

  private async attempt(record: AsyncInvocationRecord): Promise<void> {
    let result: Parameters<typeof judgeAttempt>[1];
    try {
      const out = await this.deps.invoker.invoke({
        functionName: record.functionName,
        qualifier: record.qualifier,
        payload: record.payload,
        requestId: record.requestId,
        invocationType: 'Event',
        tail: false,
        clientContext: undefined,
      });
      result = out.functionError ? 'function-error' : 'success';
    } catch (error) {
      const code = error instanceof ServiceError ? error.code : undefined;
      result =
        code === 'TooManyRequestsException'
          ? 'throttled'
          : code === 'ResourceNotFoundException'
            ? 'gone'
            : 'failed';
      if (result === 'failed') {
        this.deps.log.warn('an event invocation could not run', {
          requestId: record.requestId,
          error: String(error),
        });
      }
    }
    if (this.closed) return;
    const verdict = judgeAttempt(record, result, this.deps.clock.now(), this.options);
    switch (verdict.kind) {
      case 'done':
        return this.deps.store.remove(record.requestId);
      case 'drop':
        this.deps.log.warn('dropped an event invocation', {
          requestId: record.requestId,
          reason: verdict.reason,
        });
        return this.deps.store.remove(record.requestId);
      case 'retry':
        await this.deps.store.reschedule(record.requestId, verdict.attempts, verdict.at);
        return this.schedule({ requestId: record.requestId, nextAttemptAt: verdict.at });
    }
  }
}
