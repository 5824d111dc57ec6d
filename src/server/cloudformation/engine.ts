import type { Clock } from '../../common/clock.js';
import { every, SOLE_NODE_LEASES, type Leases } from '../cluster/leases.js';
import { KeyedRunner } from '../../common/keyed-runner.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { WakeTimer } from '../../common/wake-timer.js';
import { OPERATOR } from './actor.js';
import { failureReason } from './failure-reason.js';
import type { StackEvent, StackRecord } from './model.js';
import type { Outcome, StackPorts } from './ports.js';
import type { Effect } from './step-context.js';
import { step, type Observation } from './step.js';
import type { CfnStore } from './store.js';

export interface StackEngineDeps {
  store: CfnStore;
  clock: Clock;
  random: Random;
  log: Log;
  ports: StackPorts;
  region: string;
  accountId: string;
  /** The HTTP gateway's port once it listens (for outputs naming an API's address). */
  gatewayPort?: () => number;
  /** In a cluster: the leases that make one node the driver of each stack operation. */
  cluster?: StackCluster;
}

export interface StackCluster {
  leases: Leases;
  wallClock: Clock;
  /** How often operations nobody drives are looked for (wall ms): a dead driver's. */
  scanEveryMs: number;
}

/** Lease names: one per stack. */
const LEASE_PREFIX = 'stack:';
/** In a cluster, how soon a stack due but driven elsewhere is looked at again (wall ms). */
const DUE_ELSEWHERE_RECHECK_MS = 250;

export type StackListener = (stack: StackRecord, events: readonly StackEvent[]) => void;

const MAX_IMMEDIATE_STEPS = 50;

/**
 * The durable part of CloudFormation, and its only impure one. For each stack with an operation:
 * read it, `step` it with what providers answered, save the stack and its events in one
 * transaction, then make the provider calls it asked for, in the background; each answer comes
 * back as an observation. Waits (a CodeDeploy deployment under way) are rows looked at by one
 * timer. After kill -9, `start` resumes every operation: calls in flight are made again.
 * In a cluster, the node holding a stack's lease drives its operation; a node that takes an
 * operation over (its driver died) resumes it the same way.
 */
export class StackEngine {
  private readonly runner = new KeyedRunner();
  private readonly wake: WakeTimer;
  private readonly listeners = new Set<StackListener>();
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * The changes (applies, cancels) this node has in flight, by stack, phase, kind and resource. A
   * late lease renewal can make this node resume the operation it drives, and a resume asks again
   * for every unanswered call: a change still running here is not made twice. Polls only read, and
   * a `pollNow` must not wait behind one already running.
   */
  private readonly calling = new Set<string>();
  private readonly leases: Leases;
  private stopScanning: (() => void) | undefined;
  private recheck: { cancel(): void } | undefined;

  constructor(private readonly deps: StackEngineDeps) {
    this.wake = new WakeTimer(deps.clock, () => void this.wakeDue());
    this.leases = deps.cluster?.leases ?? SOLE_NODE_LEASES;
  }

  async start(): Promise<void> {
    await this.resumeUndriven();
    await this.scheduleNext();
    const cluster = this.deps.cluster;
    if (cluster)
      this.stopScanning = every(cluster.wallClock, cluster.scanEveryMs, () => this.resumeUndriven());
  }

  /** Operations this node does not drive: resumed here, unless another node drives them. */
  private async resumeUndriven(): Promise<void> {
    const busy = await this.deps.store.read((r) => r.busyStackIds());
    for (const id of busy) if (!this.driving(id)) void this.kick(id, [{ kind: 'resume' }]);
  }

  /** Whether this node drives the stack's operation now (in a cluster; without one, it resumes all). */
  private driving(stackId: string): boolean {
    return this.deps.cluster ? this.leases.holds(LEASE_PREFIX + stackId) : false;
  }

  /** Stops stepping; provider calls in flight finish first (their answers are saved on resume). */
  async close(): Promise<void> {
    this.stopScanning?.();
    this.recheck?.cancel();
    this.wake.cancel();
    await Promise.allSettled([...this.inFlight]);
    await this.runner.close();
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.runner.idle();
  }

  /** Makes every stack waiting on a change look at it now (a deployment it may follow has ended). */
  async pollWaiting(): Promise<void> {
    const busy = await this.deps.store.read((r) => r.busyStackIds());
    await Promise.all(busy.map((id) => this.kick(id, [{ kind: 'pollNow' }])));
  }

  onChange(listener: StackListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Steps the stack with `observations`, after whatever is queued for it. Never rejects. */
  kick(stackId: string, observations: Observation[]): Promise<void> {
    return this.runner
      .enqueue(stackId, () => this.run(stackId, observations))
      .catch((error: unknown) =>
        this.deps.log.error('stack step failed', { stack: stackId, error: String(error) }),
      );
  }

  private async run(stackId: string, observations: Observation[]): Promise<void> {
    const { store, clock, random } = this.deps;
    const lease = LEASE_PREFIX + stackId;
    const held = this.leases.holds(lease);
    // Another node drives it: its answers and wakes go there (and this one takes over if it dies).
    if (!(await this.leases.acquire(lease))) return;
    // Taken over (or first driven here): calls a previous driver had in flight are made again.
    const pending: Observation[] =
      held || observations.some((o) => o.kind === 'resume')
        ? observations
        : [{ kind: 'resume' }, ...observations];
    for (let i = 0; i < MAX_IMMEDIATE_STEPS; i++) {
      const current = await store.read((r) => r.stack(stackId));
      if (!current?.operation) return this.leases.release(lease);
      const exports = await this.exports();
      const result = step(current, pending, {
        now: clock.now(),
        newEventId: () => random.uuid(),
        region: this.deps.region,
        accountId: this.deps.accountId,
        ...(this.deps.gatewayPort ? { gatewayPort: this.deps.gatewayPort() } : {}),
        exported: (name) => exports.get(name),
      });
      const next = { ...result.next, rev: current.rev + 1 };
      const saved = await store.transact((r) => {
        if (r.stack(stackId)?.rev !== current.rev) return { changes: [], result: false };
        return {
          changes: [
            { kind: 'putStack', stack: next },
            { kind: 'appendEvents', events: result.events },
          ],
          result: true,
        };
      });
      if (!saved) continue;
      for (const listener of this.listeners) listener(next, result.events);
      // Deposed while deciding: the new driver makes the calls (it resumes the operation).
      if (!this.leases.holds(lease)) return;
      for (const effect of result.effects) this.carryOut(stackId, next, effect);
      if (!next.operation) await this.leases.release(lease);
      if (result.wakeAt !== undefined) this.wake.at(result.wakeAt);
      return;
    }
  }

  private async exports(): Promise<Map<string, string>> {
    const stacks = await this.deps.store.read((r) => r.stacks());
    const out = new Map<string, string>();
    for (const s of stacks)
      if (s.status !== 'DELETE_COMPLETE')
        for (const o of s.outputs) if (o.exportName) out.set(o.exportName, o.value);
    return out;
  }

  private carryOut(stackId: string, stack: StackRecord, effect: Effect): void {
    const { phase, actor } = stack.operation!;
    const logicalId = effect.request.logicalId;
    const call = async (): Promise<Outcome | undefined> => {
      const provider = await this.deps.ports.provider(effect.request.type, actor ?? OPERATOR);
      if (!provider) return { kind: 'failed', reason: `gradual has no provider for ${effect.request.type}` };
      switch (effect.kind) {
        case 'apply':
          return provider.apply(effect.request);
        case 'poll':
          return provider.poll
            ? provider.poll(effect.request, effect.token)
            : { kind: 'failed', reason: 'cannot be checked' };
        case 'cancel':
          await provider.cancel?.(effect.request, effect.token);
          return undefined;
      }
    };
    const key = effect.kind === 'poll' ? undefined : `${stackId} ${phase} ${effect.kind} ${logicalId}`;
    if (key !== undefined && this.calling.has(key)) return;
    if (key !== undefined) this.calling.add(key);
    const work = call()
      .catch((error: unknown): Outcome => ({
        kind: 'failed',
        reason: failureReason(error, this.deps.random.uuid()),
      }))
      .then((outcome) => {
        if (key !== undefined) this.calling.delete(key);
        if (outcome) void this.kick(stackId, [{ kind: 'outcome', logicalId, phase, outcome }]);
      });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async wakeDue(): Promise<void> {
    const due = await this.deps.store.read((r) => r.dueStackIds(this.deps.clock.now()));
    await Promise.all(due.map((id) => this.kick(id, [])));
    await this.scheduleNext();
  }

  private async scheduleNext(): Promise<void> {
    if (this.runner.isClosed) return;
    const next = await this.deps.store.read((r) => r.nextWake());
    if (next === undefined) return;
    const cluster = this.deps.cluster;
    if (cluster && next <= this.deps.clock.now()) {
      // Due, yet still due after this node looked: another node drives it. Look again shortly
      // rather than at once (or its driver died: the lease scan takes it over).
      this.recheck?.cancel();
      this.recheck = cluster.wallClock.setTimer(DUE_ELSEWHERE_RECHECK_MS, () => void this.wakeDue());
      return;
    }
    this.wake.at(next);
  }
}
