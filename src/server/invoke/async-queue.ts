import type { Clock, Timer } from '../../common/clock.js';
import { SECOND } from '../../common/clock.js';
import { ServiceError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import { every, SOLE_NODE_LEASES, type Leases } from '../cluster/leases.js';
import type { Random } from '../../common/random.js';
import { OutOfSpaceError } from '../capacity/out-of-space.js';
import type { Addition } from '../capacity/space-rules.js';
import { TooManyRequestsException } from '../functions/errors.js';
import type { EventInvokeSettings } from '../functions/event-invoke-store.js';
import { LATEST, type Account } from '../functions/names.js';
import { logStreamName } from '../runtime/function-env.js';
import {
  judgeAttempt,
  policyOf,
  tooOld,
  type AttemptResult,
  type AttemptVerdict,
  type RetryPolicy,
} from './async-rules.js';
import { destinationEvent } from './destination-record.js';
import type { InvokeResult, Invoker } from './invoker.js';
import type { LogSink } from './logs/log-types.js';
import type { AsyncInvocationRecord, AsyncInvocationStore } from './store.js';

export interface AsyncQueueDeps {
  store: AsyncInvocationStore;
  invoker: Pick<Invoker, 'invoke' | 'logGroup'>;
  /** Platform time: schedules and event ages. */
  clock: Clock;
  /** The clock of log timestamps and destination records (the functions' clock). */
  logClock: Clock;
  random: Random;
  log: Log;
  /** Where interrupted attempts are noted, in the function's own log. */
  logs: LogSink;
  /** PutFunctionEventInvokeConfig's settings: retries, maximum age, destinations. */
  settings: {
    settingsFor(
      functionName: string,
      qualifier: string | undefined,
    ): Promise<EventInvokeSettings | undefined>;
  };
  account: Account;
  /** The data dir's free space: new events are refused rather than eat into the reserve. */
  space?: { admit(addition: Addition): void };
  /**
   * In a cluster: each attempt is made by the node holding the event's lease, and events queued
   * through a node that died are found by a periodic scan.
   */
  cluster?: { leases: Leases; wallClock: Clock; scanEveryMs: number };
}

/** What the queue has done, for `/metrics`. */
export interface AsyncQueueCounters {
  received: number;
  succeeded: number;
  /** Dropped after retries or the maximum age, or because the function is gone. */
  dropped: number;
  /** Records sent to a destination function. */
  delivered: number;
  /** Attempts a stop or a crash interrupted (noted in the function's log, then run again). */
  interrupted: number;
  /** Attempts whose log could not be kept (a full data dir). */
  unlogged: number;
}

/** An unexpected failure (the store, say) retries the event this much later, in memory. */
const TROUBLE_RETRY_MS = 30 * SECOND;

/**
 * `Event` invocations: stored before the 202 goes out (so a restart loses none), run in the
 * background at least once, retried after function errors as Lambda does (or as the function's
 * event invoke config says), and sent on to its destinations. An event's log is on disk before its
 * entry is deleted; an attempt's start is recorded first, so one a crash interrupts is noted in
 * the function's log at the next start and run again.
 */
export class AsyncQueue {
  private readonly timers = new Map<string, Timer>();
  private readonly running = new Set<Promise<void>>();
  private readonly attempting = new Set<string>();
  private closed = false;
  private stopScan: (() => void) | undefined;
  private readonly leases: Leases;
  readonly counters: AsyncQueueCounters = {
    received: 0,
    succeeded: 0,
    dropped: 0,
    delivered: 0,
    interrupted: 0,
    unlogged: 0,
  };

  constructor(
    private readonly deps: AsyncQueueDeps,
    private readonly defaults?: RetryPolicy,
  ) {
    this.leases = deps.cluster?.leases ?? SOLE_NODE_LEASES;
  }

  /**
   * Notes attempts a crash interrupted, then schedules what was queued before the restart (and,
   * in a cluster, what other nodes left).
   */
  async start(): Promise<void> {
    await this.scan(true);
    const cluster = this.deps.cluster;
    if (cluster) this.stopScan = every(cluster.wallClock, cluster.scanEveryMs, () => this.scan(false));
  }

  private async scan(starting: boolean): Promise<void> {
    for (const record of await this.deps.store.list()) {
      if (this.timers.has(record.requestId) || this.attempting.has(record.requestId)) continue;
      // In a cluster an attempt marked started may still run on another node: it is run again
      // once that node's lease lapses, without the note.
      if (starting && !this.deps.cluster && record.startedAt !== undefined)
        await this.noteInterrupted(record);
      this.schedule(record);
    }
  }

  /**
   * Queues an event durably. `admit: false` is for the platform's own events (deployment hooks),
   * which are tiny and must not fail a rollback for want of space.
   */
  async enqueue(
    event: { requestId: string; functionName: string; qualifier: string | undefined; payload: Buffer },
    options: { admit?: boolean } = {},
  ): Promise<void> {
    if (options.admit !== false) {
      try {
        this.deps.space?.admit({ kind: 'event', bytes: event.payload.length + 512 });
      } catch (error) {
        if (error instanceof OutOfSpaceError) throw new TooManyRequestsException(error.message);
        throw error;
      }
    }
    const now = this.deps.clock.now();
    const record: AsyncInvocationRecord = { ...event, attempts: 0, nextAttemptAt: now, enqueuedAt: now };
    await this.deps.store.add(record);
    this.counters.received += 1;
    this.schedule(record);
  }

  /** Events waiting or running. */
  get size(): number {
    return this.timers.size + this.running.size;
  }

  /**
   * Stops scheduling. Attempts still running finish; one the stopping pool cuts short keeps its
   * started mark, so the next start notes it as interrupted and runs it again.
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
          .catch((error: unknown) => {
            // Never an unhandled rejection from a timer: try again later (the entry is still stored).
            this.deps.log.warn('an event invocation could not be handled; retrying', {
              requestId,
              error: String(error),
            });
            this.schedule({ requestId, nextAttemptAt: this.deps.clock.now() + TROUBLE_RETRY_MS });
          })
          .finally(() => {
            this.attempting.delete(requestId);
            this.running.delete(work);
          });
        this.running.add(work);
      }),
    );
  }

  private async attempt(record: AsyncInvocationRecord): Promise<void> {
    const settings = await this.deps.settings.settingsFor(record.functionName, record.qualifier);
    const policy = policyOf(settings, this.defaults);
    const startedAt = this.deps.clock.now();
    if (tooOld(record, startedAt, policy)) {
      const verdict = {
        kind: 'drop',
        reason: 'the event is too old',
        condition: 'EventAgeExceeded',
      } as const;
      return this.finish(record, verdict, undefined, settings);
    }
    await this.deps.store.markStarted(record.requestId, startedAt);
    let result: AttemptResult;
    let out: InvokeResult | undefined;
    try {
      out = await this.deps.invoker.invoke({
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
    // The log of what ran is on disk before the entry changes (a full data dir drops it: counted).
    if (out?.logged && !(await out.logged)) this.counters.unlogged += 1;
    if (this.closed && result === 'failed') return;
    const verdict = judgeAttempt(record, result, this.deps.clock.now(), policy);
    await this.finish(record, verdict, out, settings);
  }

  private async finish(
    record: AsyncInvocationRecord,
    verdict: AttemptVerdict,
    out: InvokeResult | undefined,
    settings: EventInvokeSettings | undefined,
  ): Promise<void> {
    const { store, log } = this.deps;
    switch (verdict.kind) {
      case 'done': {
        const followUp = this.destinationEvent(record, settings?.onSuccess, 'Success', out);
        await store.remove(record.requestId, followUp);
        this.counters.succeeded += 1;
        return this.followed(followUp);
      }
      case 'drop': {
        log.warn('dropped an event invocation', {
          requestId: record.requestId,
          function: record.functionName,
          reason: verdict.reason,
          ...(verdict.condition && settings?.onFailure ? { destination: settings.onFailure } : {}),
        });
        const followUp = verdict.condition
          ? this.destinationEvent(record, settings?.onFailure, verdict.condition, out)
          : undefined;
        await store.remove(record.requestId, followUp);
        this.counters.dropped += 1;
        return this.followed(followUp);
      }
      case 'retry':
        await store.reschedule(record.requestId, verdict.attempts, verdict.at);
        return this.schedule({ requestId: record.requestId, nextAttemptAt: verdict.at });
    }
  }

  private followed(followUp: AsyncInvocationRecord | undefined): void {
    if (!followUp) return;
    this.counters.delivered += 1;
    this.schedule(followUp);
  }

  /** The event that carries the invocation record to a destination function, if there is one. */
  private destinationEvent(
    record: AsyncInvocationRecord,
    destination: string | undefined,
    condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded',
    out: InvokeResult | undefined,
  ): AsyncInvocationRecord | undefined {
    if (!destination) return undefined;
    const { clock, logClock, random, account } = this.deps;
    return destinationEvent(record, destination, condition, out, {
      account,
      now: clock.now(),
      wallNow: logClock.now(),
      requestId: random.uuid(),
    });
  }

  /** Writes a line in the function's log for an attempt a stop or crash cut short. */
  private async noteInterrupted(record: AsyncInvocationRecord): Promise<void> {
    const { invoker, logs, logClock, store, log } = this.deps;
    this.counters.interrupted += 1;
    const version = record.qualifier ?? LATEST;
    const started = new Date(record.startedAt ?? 0).toISOString();
    const now = logClock.now();
    const written = await logs.append(
      {
        group: await invoker.logGroup(record.functionName, record.qualifier),
        version,
        stream: logStreamName(now, version, 'gradual-interrupted-attempts'),
        timestamp: now,
        text: `INTERRUPTED RequestId: ${record.requestId} Attempt started: ${started}: the server stopped before the invocation ended; the event is attempted again (Event invocations run at least once).\n`,
      },
      true,
    );
    if (!written) this.counters.unlogged += 1;
    log.warn('an event invocation was interrupted by a stop or crash; it runs again', {
      requestId: record.requestId,
      function: record.functionName,
    });
    await store.reschedule(record.requestId, record.attempts, record.nextAttemptAt);
  }
}
