import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { BurstQueue } from './burst-queue.js';
import type { BurstPolicy } from './burst-rules.js';
import type { Environment, InvocationRequest, InvocationResult } from './environment.js';
import { findCandidates, type Group, type Placed, type PoolTarget, type Slot } from './pool-slots.js';

/** An environment that only has a state: invoking makes it busy until the test frees it. */
function fakeSlot(status: 'idle' | 'busy' | 'starting' = 'busy'): Slot {
  const env = {
    status,
    lastUsedAt: 0,
    invoke(): Promise<InvocationResult> {
      env.status = 'busy';
      return new Promise(() => undefined);
    },
  };
  return { env: env as unknown as Environment, pinned: false, initialising: false };
}

const request = {} as InvocationRequest;
const queueMs = 100;

function setup(policy: Partial<BurstPolicy>, cpuBusy: number) {
  const clock = new VirtualClock();
  const group: Group = { target: { key: 'f:1' } as PoolTarget, slots: [], retired: false, waiters: [] };
  const started: Slot[] = [];
  const queue = new BurstQueue(
    {
      candidates: (g) => findCandidates([group], g, group.slots.length, 1000),
      groups: () => [group],
      slotToStart: (g) => {
        const slot = fakeSlot('starting');
        g.slots.push(slot);
        started.push(slot);
        return slot;
      },
    },
    clock,
    { queueMs, maxConcurrentInits: 8, maxBusyWhenSaturated: 2, maxSaturatedWaitMs: Infinity, ...policy },
    { busyFraction: () => cpuBusy },
  );
  const place = (): { placed: Placed | undefined } => {
    const out: { placed: Placed | undefined } = { placed: undefined };
    const c = findCandidates([group], group, group.slots.length, 1000);
    void Promise.resolve(queue.place(group, c, request)).then((p) => (out.placed = p));
    return out;
  };
  /** An environment of the group comes free. */
  const free = (slot: Slot): void => {
    (slot.env as { status: string }).status = 'idle';
    queue.endInit(slot);
    queue.handOver(group, slot);
  };
  return { clock, group, started, place, free, endInit: (slot: Slot) => queue.endInit(slot) };
}

describe('burst queue', () => {
  it('while the CPU is saturated and enough environments are busy, waits past its time for its version', async () => {
    const t = setup({}, 1);
    const busy = [fakeSlot(), fakeSlot()];
    t.group.slots.push(...busy);
    const waiting = t.place();
    await t.clock.advance(5 * queueMs);
    expect(t.started).toHaveLength(0);
    expect(waiting.placed).toBeUndefined();
    t.free(busy[1]!);
    await Promise.resolve();
    await Promise.resolve();
    expect(waiting.placed?.slot).toBe(busy[1]);
    expect(t.group.waiters).toHaveLength(0);
  });

  it('while the CPU stays saturated, starts an environment once it has waited its bound', async () => {
    const t = setup({ maxSaturatedWaitMs: 250 }, 1);
    t.group.slots.push(fakeSlot(), fakeSlot());
    const waiting = t.place();
    // Looks at 100 and 200 ms find the CPU saturated; the next look comes at the bound, not at 300.
    await t.clock.advance(249);
    expect(t.started).toHaveLength(0);
    await t.clock.advance(1);
    expect(t.started).toHaveLength(1);
    expect(waiting.placed?.slot).toBe(t.started[0]);
    expect(t.group.waiters).toHaveLength(0);
  });

  it('waits its full time in the queue even when the bound on the CPU wait is shorter', async () => {
    const t = setup({ maxSaturatedWaitMs: 50 }, 0.5);
    t.group.slots.push(fakeSlot(), fakeSlot());
    t.place();
    await t.clock.advance(queueMs - 1);
    expect(t.started).toHaveLength(0);
    await t.clock.advance(1);
    expect(t.started).toHaveLength(1);
  });

  it('with CPU to spare, starts an environment once its time in the queue runs out', async () => {
    const t = setup({}, 0.5);
    t.group.slots.push(fakeSlot(), fakeSlot());
    const waiting = t.place();
    await t.clock.advance(queueMs - 1);
    expect(t.started).toHaveLength(0);
    await t.clock.advance(1);
    expect(t.started).toHaveLength(1);
    expect(waiting.placed?.slot).toBe(t.started[0]);
  });

  it('with fewer busy environments than the cap, starts once its time runs out, saturated or not', async () => {
    const t = setup({ maxBusyWhenSaturated: 3 }, 1);
    t.group.slots.push(fakeSlot(), fakeSlot());
    t.place();
    await t.clock.advance(queueMs);
    expect(t.started).toHaveLength(1);
  });

  it('beyond the cap on initialisations, waits for one to end', async () => {
    const t = setup({ maxConcurrentInits: 1 }, 0);
    const first = t.place(); // nothing of the version busy: starts at once
    await Promise.resolve();
    expect(first.placed?.slot).toBe(t.started[0]);
    const second = t.place();
    await t.clock.advance(10 * queueMs);
    expect(t.started).toHaveLength(1);
    // The first environment's init ends; its invocation runs on.
    t.endInit(t.started[0]!);
    await Promise.resolve();
    expect(t.started).toHaveLength(2);
    expect(second.placed?.slot).toBe(t.started[1]);
  });
});
