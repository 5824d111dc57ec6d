import type { Clock } from '../../common/clock.js';
import { assertNever } from '../../common/errors.js';
import { decideBurst, type BurstDecision, type BurstPolicy } from './burst-rules.js';
import type { CpuGauge } from './cpu-gauge.js';
import type { InvocationRequest } from './environment.js';
import {
  busyIn,
  countByState,
  type Candidates,
  type Group,
  type Placed,
  type Slot,
  type Waiter,
} from './pool-slots.js';

/** What the burst queue needs of the pool. */
export interface BurstHost {
  /** Where an invocation of the group may go now. */
  candidates(group: Group): Candidates;
  groups(): Iterable<Group>;
  /** A slot to start: the cold one, or a new one (evicting the victim the candidates name). */
  slotToStart(group: Group, c: Candidates): Slot;
}

/**
 * Invocations that found no idle environment: started now or queued as the burst policy decides
 * (burst-rules.ts), handed an environment of their version as one comes free, started when their
 * time in the queue runs out and the policy allows; and the on-demand initialisations in progress.
 */
export class BurstQueue {
  private initialising = 0;
  /** Waiters whose time in the queue ran out while the cap on starts was reached, oldest first. */
  private readonly initQueue: Waiter[] = [];

  constructor(
    private readonly host: BurstHost,
    private readonly clock: Clock,
    private readonly policy: BurstPolicy,
    private readonly cpu: CpuGauge,
  ) {}

  /** Starts the invocation in an environment now (warm, or a start the policy allows), or queues it. */
  place(group: Group, c: Candidates, request: InvocationRequest): Placed | Promise<Placed> {
    if (c.placement.kind === 'warm') return begin(c.idle!, request);
    const burst = this.decide(group, false, 0);
    if (burst.kind === 'start') return begin(this.start(group, c), request);
    return new Promise<Placed>((resolve, reject) => {
      const w: Waiter = { group, request, resolve, reject, queuedAt: this.clock.now(), timer: undefined };
      group.waiters.push(w);
      this.wait(w, burst.kind);
    });
  }

  /** An environment of the group came free: it goes straight to the oldest waiter of its version. */
  handOver(group: Group, slot: Slot): void {
    if (slot.env.status === 'idle' && group.waiters.length > 0) this.deliver(group.waiters[0]!, slot);
  }

  /** A slot's on-demand initialisation ended (or its invocation did): waiting starts may go. */
  endInit(slot: Slot): void {
    if (!slot.initialising) return;
    slot.initialising = false;
    this.initialising -= 1;
    // A head that now waits for its version instead leaves the queue: look at the next.
    while (this.initQueue.length > 0) {
      const head = this.initQueue[0]!;
      if (!this.waitedOut(head) && this.initQueue[0] === head) break;
    }
  }

  /** Forgets the waiters (the pool rejects them as it closes). */
  clear(): void {
    this.initQueue.length = 0;
  }

  private decide(group: Group, waitedOut: boolean, waitedMs: number): BurstDecision {
    return decideBurst({
      policy: this.policy,
      busyInVersion: busyIn(group),
      busy: countByState(this.host.groups()).busy,
      initialising: this.initialising,
      cpuBusy: () => this.cpu.busyFraction(),
      waitedOut,
      waitedMs,
    });
  }

  /** Queues a waiter: for its version's next free environment (looking again after queueMs), or an init. */
  private wait(w: Waiter, kind: Exclude<BurstDecision['kind'], 'start'>): void {
    switch (kind) {
      case 'wait-free': {
        const queued = this.initQueue.indexOf(w);
        if (queued >= 0) this.initQueue.splice(queued, 1);
        // Looked at again after queueMs; once that is out (waiting on the CPU), sooner if the bound
        // on that wait comes first.
        const waited = this.clock.now() - w.queuedAt;
        const left = this.policy.maxSaturatedWaitMs - waited;
        const delay =
          waited >= this.policy.queueMs && left > 0
            ? Math.min(this.policy.queueMs, left)
            : this.policy.queueMs;
        w.timer = this.clock.setTimer(delay, () => this.waitedOut(w));
        return;
      }
      case 'wait-init':
        if (!this.initQueue.includes(w)) this.initQueue.push(w);
        return;
      default:
        assertNever(kind);
    }
  }

  /** Hands a waiter its environment, starting the invocation in the same tick. */
  private deliver(w: Waiter, slot: Slot): void {
    w.timer?.cancel();
    w.group.waiters.splice(w.group.waiters.indexOf(w), 1);
    const queued = this.initQueue.indexOf(w);
    if (queued >= 0) this.initQueue.splice(queued, 1);
    w.resolve(begin(slot, w.request));
  }

  /** A waiter's time in the queue ran out (or an initialisation ended): start one if allowed. */
  private waitedOut(w: Waiter): boolean {
    w.timer = undefined;
    const c = this.host.candidates(w.group);
    if (c.placement.kind === 'warm') {
      this.deliver(w, c.idle!);
      return true;
    }
    const burst = this.decide(w.group, true, this.clock.now() - w.queuedAt);
    if (burst.kind === 'start') {
      this.deliver(w, this.start(w.group, c));
      return true;
    }
    this.wait(w, burst.kind);
    return false;
  }

  private start(group: Group, c: Candidates): Slot {
    const slot = this.host.slotToStart(group, c);
    slot.initialising = true;
    this.initialising += 1;
    return slot;
  }
}

function begin(slot: Slot, request: InvocationRequest): Placed {
  const coldStart = slot.env.status === 'cold';
  return { slot, coldStart, result: slot.env.invoke(request) };
}
