import type { Clock } from '../../common/clock.js';
import { KeyedRunner } from '../../common/keyed-runner.js';
import type { Log } from '../../common/log.js';
import { every, SOLE_NODE_LEASES, type Leases } from '../cluster/leases.js';
import type { Random } from '../../common/random.js';
import { WakeTimer } from '../../common/wake-timer.js';
import type { Definition } from './definition/types.js';
import { validateDefinition } from './definition/validate.js';
import type { HistoryEvent } from './interpreter/events.js';
import type { Effect, Observation } from './interpreter/io-types.js';
import { step } from './interpreter/step.js';
import { recordEnded, recordStarted } from './execution-metrics.js';
import type { LambdaInvoker, StatesMetrics } from './ports.js';
import type { ExecutionRecord } from './records.js';
import type { StatesStore } from './store.js';

export interface EngineDeps {
  store: StatesStore;
  clock: Clock;
  random: Random;
  log: Log;
  invoker: LambdaInvoker;
  metrics: StatesMetrics | undefined;
  region: string;
  /**
   * In a cluster: an execution's waits and its resumption after a crash belong to the node holding
   * its lease. Observations (a result, a stop) are stepped wherever they arrive: the revision check
   * orders them with the driver's steps.
   */
  cluster?: { leases: Leases; wallClock: Clock; scanEveryMs: number };
}

export type ExecutionListener = (execution: ExecutionRecord, events: HistoryEvent[]) => void;

/** Lease names: one per execution. */
const LEASE_PREFIX = 'execution:';

/** Steps in a row for one execution before it yields to the others. */
const MAX_IMMEDIATE_STEPS = 20;

/**
 * The durable part of Step Functions, and its only impure one. For each running execution: read
 * it, `step` it with what was observed, save the new state and its history events in one
 * transaction, then make the Lambda invocations it asked for. Their results come back as
 * observations. Waits are rows: one timer looks for the executions whose wake time has come.
 * A crash between any two of these resumes correctly: invocations in flight are made again,
 * results already saved are never asked for twice.
 */
export class ExecutionEngine {
  private readonly runner = new KeyedRunner();
  private readonly wake: WakeTimer;
  private readonly listeners = new Set<ExecutionListener>();
  private readonly definitions = new Map<string, Definition>();
  private readonly leases: Leases;
  /** `<execution arn> <callId>` of the invocations this node has made and not heard back from. */
  private readonly calling = new Set<string>();
  private stopScan: (() => void) | undefined;

  constructor(private readonly deps: EngineDeps) {
    this.wake = new WakeTimer(deps.clock, () => void this.wakeDue());
    this.leases = deps.cluster?.leases ?? SOLE_NODE_LEASES;
  }

  /** Resumes every execution that was running when the server stopped (or whose driver died). */
  async start(): Promise<void> {
    await this.resumeUndriven(true);
    await this.scheduleNext();
    const cluster = this.deps.cluster;
    if (cluster) {
      this.stopScan = every(cluster.wallClock, cluster.scanEveryMs, async () => {
        await this.resumeUndriven(false);
        await this.scheduleNext();
      });
    }
  }

  /** `all`: at start, when this node drives nothing yet (a sole node holds every lease). */
  private async resumeUndriven(all: boolean): Promise<void> {
    const running = await this.deps.store.read((r) => r.runningExecutions());
    for (const arn of running) {
      if (all || !this.leases.holds(LEASE_PREFIX + arn)) void this.kick(arn, [{ kind: 'resume' }]);
    }
  }

  async close(): Promise<void> {
    this.stopScan?.();
    this.wake.cancel();
    await this.runner.close();
  }

  /** Another node changed an execution: its wake time may be earlier than this node's timer. */
  changedElsewhere(): Promise<void> {
    return this.scheduleNext();
  }

  /** Resolves once no execution has a step queued (tests, shutdown). */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  onChange(listener: ExecutionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Saves a new execution (created by the API) and takes its first step. */
  async begin(execution: ExecutionRecord): Promise<void> {
    recordStarted(this.deps.metrics, execution);
    await this.kick(execution.arn, []);
  }

  /** Steps the execution with `observations`, after whatever is queued for it. Never rejects. */
  kick(arn: string, observations: Observation[]): Promise<void> {
    return this.runner
      .enqueue(arn, () => this.run(arn, observations))
      .catch((error: unknown) =>
        this.deps.log.error('execution step failed', { execution: arn, error: String(error) }),
      );
  }

  /** An observation from the API (SendTaskSuccess, StopExecution, ...), in order with the engine's own work. */
  async observe(arn: string, observation: Observation): Promise<ExecutionRecord | undefined> {
    await this.kick(arn, [observation]);
    return this.deps.store.read((r) => r.execution(arn));
  }

  definitionOf(text: string): Definition {
    let definition = this.definitions.get(text);
    if (!definition) {
      const checked = validateDefinition(text);
      if (!checked.ok)
        throw new Error(`the execution's definition is not valid: ${checked.diagnostics[0]?.message}`);
      definition = checked.definition;
      if (this.definitions.size > 500) this.definitions.clear();
      this.definitions.set(text, definition);
    }
    return definition;
  }

  private async run(arn: string, observations: Observation[]): Promise<void> {
    const { store, clock, random, region } = this.deps;
    const lease = LEASE_PREFIX + arn;
    const mine = this.leases.holds(lease) || (await this.leases.acquire(lease));
    // Resuming (making in-flight calls again) and waking are the driver's alone.
    let pending = mine ? observations : observations.filter((o) => o.kind !== 'resume');
    if (!mine && pending.length === 0) return;
    for (let i = 0; i < MAX_IMMEDIATE_STEPS; i++) {
      const current = await store.read((r) => r.execution(arn));
      if (!current || current.status !== 'RUNNING') {
        if (mine) await this.leases.release(lease);
        return;
      }
      const now = clock.now();
      const result = step(current.state, this.definitionOf(current.definition), pending, {
        now,
        random,
        region,
      });
      const next = toRecord(current, result.next, result.wakeAt);
      const saved = await store.transact((r) => {
        if (r.execution(arn)?.rev !== current.rev) return { changes: [], result: false };
        return {
          changes: [
            { kind: 'putExecution', execution: next },
            { kind: 'appendEvents', arn, events: result.events },
          ],
          result: true,
        };
      });
      if (!saved) continue; // changed under us: step again on the fresh copy, with the same observations
      pending = [];
      this.emit(next, result.events);
      if (next.status !== 'RUNNING') recordEnded(this.deps.metrics, next);
      for (const effect of result.effects) this.carryOut(arn, effect);
      if (result.wakeAt === undefined) return;
      if (result.wakeAt > clock.now()) return this.wake.at(result.wakeAt);
    }
    this.wake.at(clock.now());
  }

  /**
   * Invokes in the background: a long function must not hold up heartbeats or a stop. A call this
   * node already has in flight is not made again: a late lease renewal can make this node's own
   * scan resume the execution it drives, and the resume asks again for every unanswered call.
   */
  private carryOut(arn: string, effect: Effect): void {
    const call = `${arn} ${effect.callId}`;
    if (this.calling.has(call)) return;
    this.calling.add(call);
    void this.deps.invoker
      .invoke(effect)
      .catch((error: unknown) => ({
        kind: 'serviceError' as const,
        code: 'ServiceException',
        message: error instanceof Error ? error.message : String(error),
        statusCode: 500,
        requestId: '',
      }))
      .then((result) => {
        this.calling.delete(call);
        return this.kick(arn, [{ kind: 'invoked', callId: effect.callId, result }]);
      });
  }

  private async wakeDue(): Promise<void> {
    const now = this.deps.clock.now();
    const due = await this.deps.store.read((r) => r.dueExecutions(now));
    await Promise.all(due.map((arn) => this.kick(arn, [])));
    // In a cluster what is still due is another node's (or a dead one's, until its lease lapses):
    // the periodic scan looks again, rather than this timer spinning on it.
    await this.scheduleNext(this.deps.cluster ? now : undefined);
  }

  /** Sets the timer for the next wake (the next one later than `after`, when given). */
  private async scheduleNext(after?: number): Promise<void> {
    if (this.runner.isClosed) return;
    const next = await this.deps.store.read((r) => r.nextWake(after));
    if (next !== undefined) this.wake.at(next);
  }

  private emit(execution: ExecutionRecord, events: HistoryEvent[]): void {
    for (const listener of this.listeners) listener(execution, events);
  }
}

function toRecord(
  current: ExecutionRecord,
  state: ExecutionRecord['state'],
  wakeAt: number | undefined,
): ExecutionRecord {
  return {
    ...current,
    state,
    status: state.status,
    stopDate: state.stopTime,
    output: state.output === undefined ? undefined : JSON.stringify(state.output),
    error: state.error,
    cause: state.cause,
    rev: current.rev + 1,
    wakeAt: state.status === 'RUNNING' ? wakeAt : undefined,
  };
}
