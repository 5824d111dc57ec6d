import type { Timer } from '../../common/clock.js';
import { TooManyRequestsException } from '../functions/errors.js';
import { decideAdmission, isReapable, ThrottleReason } from './admission.js';
import {
  Environment,
  type EnvironmentDeps,
  type EnvironmentSpec,
  type InvocationRequest,
  type InvocationResult,
} from './environment.js';

/** What to run: a key naming one frozen configuration of a version, and that configuration. */
export interface PoolTarget {
  /** Function, version and revision: a new `$LATEST` configuration is a new key. */
  key: string;
  spec: EnvironmentSpec;
}

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
}

export interface PoolInvocation {
  result: InvocationResult;
  coldStart: boolean;
  /** Invocations of the function in flight when this one started, itself included. */
  concurrentExecutions: number;
}

interface Slot {
  env: Environment;
  pinned: boolean;
}

interface Group {
  target: PoolTarget;
  slots: Slot[];
  retired: boolean;
}

/**
 * The environments of every (function, version): started on demand within the concurrency
 * limits, reused warm, reaped when idle, pinned warm for provisioned concurrency, and retired
 * when nothing routes to their version any more. It never queues: beyond the limits it throttles.
 */
export class Pool {
  private readonly groups = new Map<string, Group>();
  private readonly busyByFunction = new Map<string, number>();
  private readonly reservedFunctions = new Set<string>();
  private unreservedBusy = 0;
  private environments = 0;
  private sweepTimer: Timer | undefined;
  private closed = false;

  constructor(
    private readonly deps: EnvironmentDeps,
    private readonly options: PoolOptions,
  ) {
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
    const slot = this.admit(group, limits);
    const coldStart = slot.env.status === 'cold';
    const busy = this.busy(fn) + 1;
    this.busyByFunction.set(fn, busy);
    const unreserved = limits.reserved === undefined;
    if (unreserved) this.unreservedBusy += 1;
    try {
      const result = await slot.env.invoke(request);
      return { result, coldStart, concurrentExecutions: busy };
    } finally {
      this.busyByFunction.set(fn, this.busy(fn) - 1);
      if (unreserved) this.unreservedBusy -= 1;
      if (group.retired && !slot.pinned) void this.remove(group, slot);
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
    let idle = 0;
    let busy = 0;
    let cold = 0;
    for (const g of this.groups.values()) {
      for (const s of g.slots) {
        if (s.env.status === 'idle') idle++;
        else if (s.env.status === 'busy' || s.env.status === 'starting') busy++;
        else if (s.env.status === 'cold') cold++;
      }
    }
    return { environments: this.environments, idle, busy, cold };
  }

  /** Stops every environment and waits for their processes to end. */
  async close(): Promise<void> {
    this.closed = true;
    this.sweepTimer?.cancel();
    const all = [...this.groups.values()].flatMap((g) => g.slots.map((s) => this.remove(g, s)));
    await Promise.all(all);
  }

  private group(target: PoolTarget): Group {
    let group = this.groups.get(target.key);
    if (!group) {
      group = { target, slots: [], retired: false };
      this.groups.set(target.key, group);
    }
    return group;
  }

  private admit(group: Group, limits: PoolLimits): Slot {
    const fn = group.target.spec.functionName;
    const idle = group.slots.find((s) => s.env.status === 'idle');
    const cold = group.slots.find((s) => s.env.status === 'cold');
    const victim =
      this.environments >= this.options.maxEnvironments ? this.leastRecentlyUsedIdle() : undefined;
    const decision = decideAdmission({
      functionBusy: this.busy(fn),
      reserved: limits.reserved,
      unreservedBusy: this.unreservedBusy,
      totalReserved: limits.totalReserved,
      accountLimit: this.options.accountConcurrency,
      idle: idle ? 1 : 0,
      cold: cold ? 1 : 0,
      environments: this.environments,
      maxEnvironments: this.options.maxEnvironments,
      evictable: victim !== undefined,
    });
    switch (decision.kind) {
      case 'throttle':
        throw new TooManyRequestsException('Rate Exceeded.', { Reason: decision.reason });
      case 'warm':
        return idle!;
      case 'restart-cold':
        return cold!;
      case 'start':
        if (decision.evict && victim) void this.remove(victim.group, victim.slot);
        return this.addSlot(group, false);
    }
  }

  private addSlot(group: Group, pinned: boolean): Slot {
    const env = new Environment(group.target.spec, this.deps);
    const slot: Slot = { env, pinned };
    group.slots.push(slot);
    this.environments += 1;
    return slot;
  }

  private async remove(group: Group, slot: Slot): Promise<void> {
    const index = group.slots.indexOf(slot);
    if (index < 0) return;
    group.slots.splice(index, 1);
    this.environments -= 1;
    if (group.slots.length === 0 && this.groups.get(group.target.key) === group) {
      this.groups.delete(group.target.key);
    }
    await slot.env.stop();
  }

  private leastRecentlyUsedIdle(): { group: Group; slot: Slot } | undefined {
    let best: { group: Group; slot: Slot } | undefined;
    for (const group of this.groups.values()) {
      for (const slot of group.slots) {
        if (slot.pinned || (slot.env.status !== 'idle' && slot.env.status !== 'cold')) continue;
        if (!best || slot.env.lastUsedAt < best.slot.env.lastUsedAt) best = { group, slot };
      }
    }
    return best;
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
