import { describe, expect, it } from 'vitest';
import { decideAdmission, isReapable, type AdmissionInput } from './admission.js';

const base: AdmissionInput = {
  functionBusy: 0,
  reserved: undefined,
  unreservedBusy: 0,
  totalReserved: 0,
  accountLimit: 10,
  idle: 0,
  cold: 0,
  environments: 0,
  maxEnvironments: 10,
  evictable: false,
};

describe('pool admission', () => {
  it.each<[string, Partial<AdmissionInput>, ReturnType<typeof decideAdmission>]>([
    [
      'reserved 0 always throttles',
      { reserved: 0, idle: 1 },
      { kind: 'throttle', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
    ],
    [
      'reserved concurrency reached',
      { reserved: 2, functionBusy: 2, idle: 1 },
      { kind: 'throttle', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
    ],
    ['below reserved concurrency', { reserved: 2, functionBusy: 1, idle: 1 }, { kind: 'warm' }],
    // A reserved function is not limited by what the others use.
    [
      'reserved ignores the unreserved pool',
      { reserved: 2, unreservedBusy: 10 },
      { kind: 'start', evict: false },
    ],
    [
      'account limit reached',
      { unreservedBusy: 10 },
      { kind: 'throttle', reason: 'ConcurrentInvocationLimitExceeded' },
    ],
    [
      'reservations shrink the shared pool',
      { unreservedBusy: 7, totalReserved: 3 },
      { kind: 'throttle', reason: 'ConcurrentInvocationLimitExceeded' },
    ],
    ['shared pool has room', { unreservedBusy: 6, totalReserved: 3 }, { kind: 'start', evict: false }],
    ['warm before cold', { idle: 1, cold: 1 }, { kind: 'warm' }],
    ['a cold slot before a new environment', { cold: 1 }, { kind: 'restart-cold' }],
    ['a new environment under the cap', { environments: 9 }, { kind: 'start', evict: false }],
    [
      'at the cap, evicts an idle environment of another version',
      { environments: 10, evictable: true },
      { kind: 'start', evict: true },
    ],
    [
      'at the cap with nothing idle, still starts (busy ones are bounded by concurrency)',
      { environments: 10 },
      { kind: 'start', evict: false },
    ],
  ])('%s', (_, input, expected) => {
    expect(decideAdmission({ ...base, ...input })).toEqual(expected);
  });
});

describe('idle reaping', () => {
  it.each([
    [{ status: 'idle', lastUsedAt: 0, pinned: false }, 1000, true],
    [{ status: 'cold', lastUsedAt: 0, pinned: false }, 1000, true],
    [{ status: 'idle', lastUsedAt: 500, pinned: false }, 1000, false],
    [{ status: 'busy', lastUsedAt: 0, pinned: false }, 1000, false],
    [{ status: 'idle', lastUsedAt: 0, pinned: true }, 1000, false],
  ])('%o at %d ms with a 1 s timeout: %s', (env, now, expected) => {
    expect(isReapable(env, now, 1000)).toBe(expected);
  });
});
