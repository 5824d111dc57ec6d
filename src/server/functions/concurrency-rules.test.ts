import { describe, expect, it } from 'vitest';
import { minimumUnreserved, provisionedRefusal, type ProvisionedBudget } from './concurrency-rules.js';

const RESERVED =
  'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function';
const OVER_LIMIT = (n: number): string =>
  `Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${n}].`;
const BELOW_MINIMUM = (n: number): string =>
  `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${n}].`;

const account = (over: Partial<ProvisionedBudget> = {}): ProvisionedBudget => ({
  accountLimit: 1000,
  totalReserved: 0,
  reserved: undefined,
  provisionedInFunction: 0,
  provisionedUnreserved: 0,
  ...over,
});

describe('unreserved minimum', () => {
  it.each([
    [1000, 100],
    [100, 100],
    [10, 10],
    [5, 5],
  ])('limit %i -> %i', (limit, minimum) => expect(minimumUnreserved(limit)).toBe(minimum));
});

describe('provisioned concurrency within the account', () => {
  it.each<[string, number, Partial<ProvisionedBudget>, string | undefined]>([
    ['all but the minimum of a fresh account', 900, {}, undefined],
    ['one more than that', 901, {}, BELOW_MINIMUM(100)],
    ['the issue: a million', 1_000_000, {}, OVER_LIMIT(1000)],
    ['others reserved some', 801, { totalReserved: 100 }, BELOW_MINIMUM(100)],
    ['other unreserved functions provisioned some', 500, { provisionedUnreserved: 401 }, BELOW_MINIMUM(100)],
    ['this function already provisions some elsewhere', 450, { provisionedUnreserved: 450 }, undefined],
    ['out of its reserved concurrency', 10, { reserved: 10, totalReserved: 10 }, undefined],
    ['beyond its reserved concurrency', 11, { reserved: 10, totalReserved: 10 }, RESERVED],
    [
      'its other versions take part of it',
      6,
      { reserved: 10, totalReserved: 10, provisionedInFunction: 5 },
      RESERVED,
    ],
    ['--max-concurrency 5 (the issue: 25 were granted)', 1, { accountLimit: 5 }, BELOW_MINIMUM(5)],
    ['--max-concurrency 5, a million', 1_000_000, { accountLimit: 5 }, OVER_LIMIT(5)],
  ])('%s: %i', (_, requested, over, refusal) => {
    expect(provisionedRefusal(requested, account(over))).toBe(refusal);
  });

  it('never lets what is kept warm exceed the account limit', () => {
    for (const limit of [1, 5, 10, 99, 100, 101, 1000]) {
      let kept = 0;
      for (let i = 0; i < 50; i++) {
        const request = 1 + ((i * 37) % 400);
        if (
          provisionedRefusal(request, account({ accountLimit: limit, provisionedUnreserved: kept })) ===
          undefined
        )
          kept += request;
      }
      expect(kept).toBeLessThanOrEqual(limit - minimumUnreserved(limit));
    }
  });
});
