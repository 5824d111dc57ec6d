import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../../common/random.js';
import { rateRatioTest, type Stratum } from './rate-ratio.js';

function stratum(current: [number, number], target: [number, number]): Stratum {
  return {
    current: { invocations: current[0], errors: current[1] },
    target: { invocations: target[0], errors: target[1] },
  };
}

describe('rateRatioTest', () => {
  it('estimates the ratio from which version the errors came from, given the split', () => {
    // 10% of traffic, half the errors: p = 0.5 = 0.1 t / (0.1 t + 0.9), so t = 9.
    const test = rateRatioTest([stratum([9000, 5], [1000, 5])]);
    expect(test.estimate).toBeCloseTo(9, 0);
    const { lower, upper } = test.bounds(0.01);
    expect(lower).toBeLessThan(9);
    expect(upper).toBeGreaterThan(9);
  });

  it('the bounds are where the mixture crosses 1/alpha', () => {
    const test = rateRatioTest([stratum([18_000, 54], [2000, 40])]);
    const { lower, upper } = test.bounds(0.01);
    expect(test.logE(lower)).toBeCloseTo(Math.log(100), 5);
    expect(test.logE(upper)).toBeCloseTo(Math.log(100), 5);
    expect(lower).toBeGreaterThan(2);
  });

  it('has nothing to say without errors, and ignores steps with one version only', () => {
    const test = rateRatioTest([stratum([1000, 0], [100, 0]), stratum([0, 0], [500, 9])]);
    expect(test.errors).toBe(0);
    expect(test.estimate).toBeUndefined();
    expect(test.bounds(0.01)).toEqual({ lower: 0, upper: Infinity });
  });

  it('is unbounded above when every error is on the new version', () => {
    const { lower, upper } = rateRatioTest([stratum([9000, 0], [1000, 30])]).bounds(0.01);
    expect(upper).toBe(Infinity);
    expect(lower).toBeGreaterThan(10);
  });

  it('depends on the ratio only, not on the base rate, across steps with different splits', () => {
    // Same ratio 3, base rates 0.1% and 5%, splits 10% and 50%.
    const a = rateRatioTest([stratum([90_000, 90], [10_000, 30]), stratum([1000, 50], [1000, 150])]);
    expect(a.estimate).toBeCloseTo(3, 0);
  });

  it('under no change, looking every 30 seconds, rejects ratio 1 at most alpha of the time', () => {
    // 20 invocations a second, 10% on the new version, 1% errors on both, for 30 minutes. Only the
    // counts at each look matter, so each 30 s is drawn at once: the same joint law as drawing
    // every invocation, for 4 draws instead of 1,200. (Seed 11 rejects in 7 runs of 200; each
    // invocation drawn, 2. At the 2.25% this pools, a seed fails the test with probability 0.6%.)
    const alpha = 0.05;
    const random = seededRandom(11);
    const draw = (n: number, p: number) => binomial(random, n, p);
    let rejections = 0;
    const runs = 200;
    for (let run = 0; run < runs; run++) {
      const counts = stratum([0, 0], [0, 0]);
      for (let look = 0; look < 60; look++) {
        const target = draw(600, 0.1);
        counts.target.invocations += target;
        counts.current.invocations += 600 - target;
        counts.target.errors += draw(target, 0.01);
        counts.current.errors += draw(600 - target, 0.01);
        if (rateRatioTest([counts]).logE(1) >= Math.log(1 / alpha)) {
          rejections++;
          break;
        }
      }
    }
    expect(rejections / runs).toBeLessThanOrEqual(alpha);
  });
});

/** A Binomial(n, p) draw by inverting its distribution function (n p is small here). */
function binomial(random: Random, n: number, p: number): number {
  const u = random.next();
  let k = 0;
  let pmf = (1 - p) ** n;
  let cdf = pmf;
  while (cdf <= u && k < n) {
    pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
    k++;
    cdf += pmf;
  }
  return k;
}
