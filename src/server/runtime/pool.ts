import type { Timer } from '../../common/clock.js';
import { TooManyRequestsException } from '../functions/errors.js';
import { decideAdmission, isReapable, ThrottleReason } from './admission.js';
import { BurstQueue } from './burst-queue.js';
import type { BurstPolicy } from './burst-rules.js';
import { IDLE_CPU, type CpuGauge } from './cpu-gauge.js';
import {
  Environment,
  type EnvironmentDeps,
  type InvocationRequest,
  type InvocationResult,
} from './environment.js';
import {
  countByState,
  findCandidates,
  type Candidates,
  type Group,
  type PoolTarget,
  type Slot,
} from './pool-slots.js';

export type { PoolTarget };

export interface PoolLimits {
  reserved: number | undefined;
  totalReserved: number;
}

export interface PoolOptions {
  accountConcurrency: number;
  /** Environment slots on the machine, busy or idle. */
  maxEnvironments: number;
  /** Idle environments are stopped after this long. */
  idleTimeoutMs: number;
  /** Init limit for provisioned / prewarmed starts (Lambda: 130 s or the timeout if higher). */
  prewarmInitLimitMs: number;
  /** Waiting briefly for a busy environment before starting one (LAMBDA_STRICT: never). */
  burst: BurstPolicy;
  /** How busy the machine's CPUs are, for the burst policy; default: never busy. */
  cpu?: CpuGauge;
}

export interface PoolInvocation {
  result: InvocationResult;
  coldStart: boolean;
  /** Invocations of the function in flight when this one started, itself included. */
  concurrentExecutions: number;
}

/**
 * The environments of every (function, version): started on demand within the concurrency
 * limits, reused warm, reaped when idle, pinned warm for provisioned concurrency, and retired
 * when nothing routes to their version any more. Beyond the limits it throttles; within them an
 * invocation may wait briefly for a busy environment instead of starting one (burst-rules.ts).
 */
export class Pool {
  private readonly groups = new Map<string, Group>();
  private readonly busyByFunction = new Map<string, number>();
  private readonly reservedFunctions = new Set<string>();
  private unreservedBusy = 0;
  private environments = 0;
  private sweepTimer: Timer | undefined;
  private closed = false;
  private readonly queue: BurstQueue;

  constructor(
    private readonly deps: EnvironmentDeps,
    private readonly options: PoolOptions,
  ) {
    this.queue = new BurstQueue(
      {
        candidates: (group) => this.candidates(group),
        groups: () => this.groups.values(),
        slotToStart: (group, c) => this.slotToStart(group, c),
      },
      deps.clock,
      options.burst,
      options.cpu ?? IDLE_CPU,
    );
    this.scheduleSweep();
  }

  busy(functionName: string): number {
    return this.busyByFunction.get(functionName) ?? 0;
  }

  /** Runs one invocation, or throws `TooManyRequestsException` beyond the limits. */
  async invoke(target: PoolTarget, limits: PoolLimits, request: InvocationRequest): Promise<PoolInvocation> {
    if (this.closed) throw new Error('the pool is closed');
    const fn = target.spec.functionName;
    const group = this.group(target);
    // Invoked again (a version addressed directly): it is routed to after all.
    group.retired = false;
    const first = this.admit(group, limits);
    // Counted from admission: waiting in the burst queue is being in flight, as the caller sees it.
    const busy = this.busy(fn) + 1;
    this.busyByFunction.set(fn, busy);
    const unreserved = limits.reserved === undefined;
    if (unreserved) this.unreservedBusy += 1;
    let slot: Slot | undefined;
    try {
      const placed = await this.queue.place(group, first, request);
      slot = placed.slot;
      return { result: await placed.result, coldStart: placed.coldStart, concurrentExecutions: busy };
    } finally {
      this.busyByFunction.set(fn, this.busy(fn) - 1);
      if (unreserved) this.unreservedBusy -= 1;
      if (slot) {
        this.queue.endInit(slot);
        // A retired version's environment still serves the invocations queued for it before
        // nothing routed to it any more; the last one out stops it.
        if (group.retired && !slot.pinned && group.waiters.length === 0) void this.remove(group, slot);
        else this.queue.handOver(group, slot);
      }
    }
  }

  /**
   * Keeps `count` environments of a target started and exempt from reaping (provisioned
   * concurrency), starting the missing ones; lowering the count unpins the extras. Resolves with
   * the number ready.
   */
  async provision(target: PoolTarget, count: number): Promise<number> {
    const group = this.group(target);
    group.retired = false;
    let pinned = group.slots.filter((s) => s.pinned);
    for (const extra of pinned.slice(count)) extra.pinned = false;
    pinned = pinned.slice(0, count);
    // Adopt running environments first, then start new ones.
    for (const slot of group.slots) {
      if (pinned.length >= count) break;
      if (!slot.pinned && slot.env.status !== 'stopped') {
        slot.pinned = true;
        pinned.push(slot);
      }
    }
    while (pinned.length < count) pinned.push(this.addSlot(group, true));
    await Promise.all(pinned.map((s) => s.env.prewarm(this.prewarmLimit(target))));
    return this.provisioned(target.key);
  }

  /** Starts `count` more environments of a target now (warming a version before it takes traffic). */
  async prewarm(target: PoolTarget, count: number): Promise<number> {
    const group = this.group(target);
    const slots = Array.from({ length: count }, () => this.addSlot(group, false));
    const started = await Promise.all(slots.map((s) => s.env.prewarm(this.prewarmLimit(target))));
    return started.filter(Boolean).length;
  }

  /** Pinned environments of a key with a running process (Lambda's "allocated"). */
  provisioned(key: string): number {
    const group = this.groups.get(key);
    if (!group) return 0;
    return group.slots.filter((s) => s.pinned && (s.env.status === 'idle' || s.env.status === 'busy')).length;
  }

  /** Environments of a key that have a process (idle or busy). */
  running(key: string): number {
    const group = this.groups.get(key);
    return group ? group.slots.filter((s) => s.env.status === 'idle' || s.env.status === 'busy').length : 0;
  }

  /** Keys with environments, for retiring those nothing routes to. */
  keys(): string[] {
    return [...this.groups.keys()];
  }

  /** Stops the environments of `key`: idle ones now, busy ones when their invocation ends. */
  retire(key: string): void {
    const group = this.groups.get(key);
    if (!group) return;
    group.retired = true;
    for (const slot of [...group.slots]) {
      slot.pinned = false;
      if (slot.env.status !== 'busy') void this.remove(group, slot);
    }
  }

  /** Environments by state, for diagnostics and tests. */
  stats(): { environments: number; idle: number; busy: number; cold: number } {
    return { environments: this.environments, ...countByState(this.groups.values()) };
  }

  /** Stops every environment and waits for their processes to end. */
  async close(): Promise<void> {
    this.closed = true;
    this.sweepTimer?.cancel();
    for (const g of this.groups.values()) {
      for (const w of g.waiters.splice(0)) {
        w.timer?.cancel();
        w.reject(new Error('the pool is closed'));
      }
    }
    this.queue.clear();
    const all = [...this.groups.values()].flatMap((g) => g.slots.map((s) => this.remove(g, s)));
    await Promise.all(all);
  }

  private group(target: PoolTarget): Group {
    let group = this.groups.get(target.key);
    if (!group) {
      group = { target, slots: [], retired: false, waiters: [] };
      this.groups.set(target.key, group);
    }
    return group;
  }

  /** Throws `TooManyRequestsException` beyond the limits; else where the invocation may go. */
  private admit(group: Group, limits: PoolLimits): Candidates {
    const c = this.candidates(group);
    const decision = decideAdmission({
      functionBusy: this.busy(group.target.spec.functionName),
      reserved: limits.reserved,
      unreservedBusy: this.unreservedBusy,
      totalReserved: limits.totalReserved,
      accountLimit: this.options.accountConcurrency,
      ...c.facts,
    });
    if (decision.kind === 'throttle') {
      throw new TooManyRequestsException('Rate Exceeded.', { Reason: decision.reason });
    }
    return c;
  }

  /** Where an invocation may go now (asked again after waiting: its admission stands). */
  private candidates(group: Group): Candidates {
    return findCandidates(this.groups.values(), group, this.environments, this.options.maxEnvironments);
  }

  /** The slot an on-demand start uses: the cold one, else a new one (evicting the victim). */
  private slotToStart(group: Group, c: Candidates): Slot {
    if (c.placement.kind === 'restart-cold') return c.cold!;
    if (c.placement.kind === 'start' && c.placement.evict && c.victim) {
      void this.remove(c.victim.group, c.victim.slot);
    }
    return this.addSlot(group, false);
  }

  private addSlot(group: Group, pinned: boolean): Slot {
    const env = new Environment(group.target.spec, this.deps);
    const slot: Slot = { env, pinned, initialising: false };
    env.onInitFinished = () => this.queue.endInit(slot);
    group.slots.push(slot);
    this.environments += 1;
    return slot;
  }

  private async remove(group: Group, slot: Slot): Promise<void> {
    const index = group.slots.indexOf(slot);
    if (index < 0) return;
    group.slots.splice(index, 1);
    this.environments -= 1;
    // A target with invocations waiting for a start keeps its group (they will add to it).
    if (
      group.slots.length === 0 &&
      group.waiters.length === 0 &&
      this.groups.get(group.target.key) === group
    ) {
      this.groups.delete(group.target.key);
    }
    await slot.env.stop();
  }

  private prewarmLimit(target: PoolTarget): number {
    return Math.max(this.options.prewarmInitLimitMs, target.spec.timeoutSeconds * 1000);
  }

  private scheduleSweep(): void {
    const every = Math.max(1000, Math.min(60_000, this.options.idleTimeoutMs / 4));
    this.sweepTimer = this.deps.clock.setTimer(every, () => {
      this.reap();
      if (!this.closed) this.scheduleSweep();
    });
  }

  /** Stops environments idle for longer than the idle timeout. */
  reap(): void {
    const now = this.deps.clock.now();
    for (const group of [...this.groups.values()]) {
      for (const slot of [...group.slots]) {
        const view = { status: slot.env.status, lastUsedAt: slot.env.lastUsedAt, pinned: slot.pinned };
        if (isReapable(view, now, this.options.idleTimeoutMs)) void this.remove(group, slot);
        // A provisioned environment whose process died is started again.
        else if (slot.pinned && slot.env.status === 'cold') {
          void slot.env.prewarm(this.prewarmLimit(group.target));
        }
      }
    }
  }
}

export { ThrottleReason };
