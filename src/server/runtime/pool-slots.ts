import { decidePlacement, type Placement, type PlacementInput } from './admission.js';
import type { Timer } from '../../common/clock.js';
import type { Environment, EnvironmentSpec, InvocationRequest, InvocationResult } from './environment.js';

/** What to run: a key naming one frozen configuration of a version, and that configuration. */
export interface PoolTarget {
  /** Function, version and revision: a new `$LATEST` configuration is a new key. */
  key: string;
  spec: EnvironmentSpec;
}

export interface Slot {
  env: Environment;
  pinned: boolean;
  /** An on-demand initialisation counted against the burst policy's cap. */
  initialising: boolean;
}

/** The environments of one target. */
export interface Group {
  target: PoolTarget;
  slots: Slot[];
  retired: boolean;
  /** Invocations waiting in the burst queue for an environment of this target, oldest first. */
  waiters: Waiter[];
}

/** An invocation started in an environment. */
export interface Placed {
  slot: Slot;
  coldStart: boolean;
  result: Promise<InvocationResult>;
}

export interface Waiter {
  group: Group;
  request: InvocationRequest;
  resolve: (placed: Placed) => void;
  reject: (error: Error) => void;
  /** When it joined the queue (the clock's ms). */
  queuedAt: number;
  /** Until its time in the queue runs out; undefined once it has (or when it waits only for the cap). */
  timer: Timer | undefined;
}

/** Where an admitted invocation may go, and the facts that decided it. */
export interface Candidates {
  placement: Placement;
  facts: PlacementInput;
  idle: Slot | undefined;
  cold: Slot | undefined;
  victim: { group: Group; slot: Slot } | undefined;
}

export function findCandidates(
  groups: Iterable<Group>,
  group: Group,
  environments: number,
  maxEnvironments: number,
): Candidates {
  const idle = group.slots.find((s) => s.env.status === 'idle');
  const cold = group.slots.find((s) => s.env.status === 'cold');
  const victim = environments >= maxEnvironments ? leastRecentlyUsedIdle(groups) : undefined;
  const facts: PlacementInput = {
    idle: idle ? 1 : 0,
    cold: cold ? 1 : 0,
    environments,
    maxEnvironments,
    evictable: victim !== undefined,
  };
  return { placement: decidePlacement(facts), facts, idle, cold, victim };
}

/** The idle (or cold) unpinned environment used longest ago, across every target. */
function leastRecentlyUsedIdle(groups: Iterable<Group>): { group: Group; slot: Slot } | undefined {
  let best: { group: Group; slot: Slot } | undefined;
  for (const group of groups) {
    for (const slot of group.slots) {
      if (slot.pinned || (slot.env.status !== 'idle' && slot.env.status !== 'cold')) continue;
      if (!best || slot.env.lastUsedAt < best.slot.env.lastUsedAt) best = { group, slot };
    }
  }
  return best;
}

/** Environments of a target running an invocation or initialising. */
export function busyIn(group: Group): number {
  let n = 0;
  for (const s of group.slots) if (s.env.status === 'busy' || s.env.status === 'starting') n++;
  return n;
}

export function countByState(groups: Iterable<Group>): { idle: number; busy: number; cold: number } {
  let idle = 0;
  let busy = 0;
  let cold = 0;
  for (const g of groups) {
    for (const s of g.slots) {
      if (s.env.status === 'idle') idle++;
      else if (s.env.status === 'busy' || s.env.status === 'starting') busy++;
      else if (s.env.status === 'cold') cold++;
    }
  }
  return { idle, busy, cold };
}
