import { describe, expect, it } from 'vitest';
import { decideBurst, LAMBDA_STRICT, type BurstInput } from './burst-rules.js';

const queue = { queueMs: 20, maxConcurrentInits: 2, maxBusyWhenSaturated: 4, maxSaturatedWaitMs: 200 };
const base: BurstInput = {
  policy: queue,
  busyInVersion: 0,
  busy: 0,
  initialising: 0,
  cpuBusy: () => 0,
  waitedOut: false,
  waitedMs: 0,
};
const saturated = { cpuBusy: () => 0.99, busy: 4, busyInVersion: 4, waitedOut: true, waitedMs: 20 };

describe('burst queue rule', () => {
  it.each<[string, Partial<BurstInput>, ReturnType<typeof decideBurst>['kind']]>([
    ['nothing busy, nothing initialising: start', {}, 'start'],
    ['an environment of the version is busy: wait for it', { busyInVersion: 1 }, 'wait-free'],
    ['waited out: start', { busyInVersion: 3, waitedOut: true }, 'start'],
    [
      'too many initialisations: wait even when waited out',
      { waitedOut: true, initialising: 2 },
      'wait-init',
    ],
    ['below the cap: start', { initialising: 1 }, 'start'],
    ['Lambda strict never waits', { policy: LAMBDA_STRICT, busyInVersion: 5, initialising: 50 }, 'start'],
    [
      'queue 0 ignores the init cap too',
      { policy: { ...queue, queueMs: 0, maxConcurrentInits: 1 }, initialising: 4 },
      'start',
    ],
    ['CPU saturated with enough busy: keep waiting for the version', saturated, 'wait-free'],
    ['CPU saturated, fewer busy than the cap: start', { ...saturated, busy: 3 }, 'start'],
    [
      'CPU saturated, just inside the bound on the wait: keep waiting',
      { ...saturated, waitedMs: 199 },
      'wait-free',
    ],
    ['CPU saturated, waited its bound: start', { ...saturated, waitedMs: 200 }, 'start'],
    [
      'CPU saturated, waited its bound, but the init cap is reached: wait for an init',
      { ...saturated, waitedMs: 500, initialising: 2 },
      'wait-init',
    ],
    [
      'CPU saturated, no bound (Infinity): keep waiting',
      { ...saturated, waitedMs: 1e9, policy: { ...queue, maxSaturatedWaitMs: Infinity } },
      'wait-free',
    ],
    ['CPU not quite saturated: start', { ...saturated, cpuBusy: () => 0.9 }, 'start'],
    [
      'CPU saturated but nothing of the version busy (nothing will come free): start',
      { ...saturated, busyInVersion: 0 },
      'start',
    ],
    [
      'CPU saturated, no CPU check (Infinity): start',
      { ...saturated, policy: { ...queue, maxBusyWhenSaturated: Infinity } },
      'start',
    ],
    [
      'Lambda strict ignores the CPU',
      { ...saturated, policy: { ...LAMBDA_STRICT, maxBusyWhenSaturated: 1 } },
      'start',
    ],
  ])('%s', (_name, input, kind) => {
    expect(decideBurst({ ...base, ...input }).kind).toBe(kind);
  });

  it('reads the CPU only when the rest of the rule leaves the decision to it', () => {
    let reads = 0;
    const cpuBusy = (): number => (reads++, 1);
    decideBurst({ ...base, busyInVersion: 2, cpuBusy });
    decideBurst({ ...base, ...saturated, busy: 3, cpuBusy });
    expect(reads).toBe(0);
    decideBurst({ ...base, ...saturated, waitedMs: 200, cpuBusy });
    expect(reads).toBe(0);
    decideBurst({ ...base, ...saturated, cpuBusy });
    expect(reads).toBe(1);
  });
});
