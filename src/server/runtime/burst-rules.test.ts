import { describe, expect, it } from 'vitest';
import { decideBurst, LAMBDA_STRICT, type BurstInput } from './burst-rules.js';

const queue = { queueMs: 20, maxConcurrentInits: 2 };
const base: BurstInput = { policy: queue, busyInVersion: 0, initialising: 0, waitedOut: false };

describe('burst queue rule', () => {
  it.each<[string, Partial<BurstInput>, ReturnType<typeof decideBurst>['kind']]>([
    ['nothing busy, nothing initialising: start', {}, 'start'],
    ['an environment of the version is busy: wait for it', { busyInVersion: 1 }, 'wait'],
    ['waited out: start', { busyInVersion: 3, waitedOut: true }, 'start'],
    ['too many initialisations: wait even when waited out', { waitedOut: true, initialising: 2 }, 'wait'],
    ['below the cap: start', { initialising: 1 }, 'start'],
    ['Lambda strict never waits', { policy: LAMBDA_STRICT, busyInVersion: 5, initialising: 50 }, 'start'],
    [
      'queue 0 ignores the init cap too',
      { policy: { queueMs: 0, maxConcurrentInits: 1 }, initialising: 4 },
      'start',
    ],
  ])('%s', (_name, input, kind) => {
    expect(decideBurst({ ...base, ...input }).kind).toBe(kind);
  });
});
