import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/random.js';
import { countRange, JEFFREYS, logMixture, meanBounds } from './mixture.js';

const UNIFORM = { a: 1, b: 1 };

describe('logMixture', () => {
  // With a uniform prior the mixture is 1 / ((n + 1) * binomial pmf): known closed forms.
  it.each([
    { n: 10, s: 3, p: 0.2, pmf: 0.201326592 },
    { n: 5, s: 0, p: 0.5, pmf: 1 / 32 },
    { n: 20, s: 20, p: 0.9, pmf: 0.121576654590569 },
    { n: 100, s: 50, p: 0.5, pmf: 0.0795892373871787 },
  ])('uniform prior: n=$n s=$s p=$p is -log((n+1) * $pmf)', ({ n, s, p, pmf }) => {
    expect(logMixture(n, s, p, UNIFORM)).toBeCloseTo(-Math.log((n + 1) * pmf), 9);
  });

  // Jeffreys after one observation: B(1/2, 3/2) / B(1/2, 1/2) = 1/2, over the likelihood.
  it.each([0.1, 0.3, 0.7])('Jeffreys prior, one observation, p=%s', (p) => {
    expect(Math.exp(logMixture(1, 0, p, JEFFREYS))).toBeCloseTo(0.5 / (1 - p), 12);
    expect(Math.exp(logMixture(1, 1, p, JEFFREYS))).toBeCloseTo(0.5 / p, 12);
  });
});

describe('meanBounds', () => {
  it('brackets the sample mean, and each end is where the mixture crosses 1/alpha', () => {
    const alpha = 0.01;
    const { lower, upper } = meanBounds(1000, 30, alpha);
    expect(lower).toBeLessThan(0.03);
    expect(upper).toBeGreaterThan(0.03);
    expect(logMixture(1000, 30, lower)).toBeCloseTo(Math.log(1 / alpha), 6);
    expect(logMixture(1000, 30, upper)).toBeCloseTo(Math.log(1 / alpha), 6);
  });

  it('starts at [0, 1], narrows as data comes, and has lower 0 without a success', () => {
    expect(meanBounds(0, 0, 0.05)).toEqual({ lower: 0, upper: 1 });
    const widths = [100, 1000, 10_000].map((n) => {
      const b = meanBounds(n, n * 0.1, 0.05);
      return b.upper - b.lower;
    });
    expect(widths[1]!).toBeLessThan(widths[0]!);
    expect(widths[2]!).toBeLessThan(widths[1]!);
    expect(meanBounds(500, 0, 0.05).lower).toBe(0);
    expect(meanBounds(500, 500, 0.05).upper).toBe(1);
  });

  it('is time-uniform: looking after every observation, the mean is ever excluded at most alpha of the time', () => {
    // 400 sequences of 2000 Bernoulli(0.3); the CS excludes p at n exactly when M_n(p) >= 1/alpha.
    const alpha = 0.1;
    const p = 0.3;
    const random = seededRandom(7);
    let mixtureMisses = 0;
    let fixedMisses = 0;
    for (let run = 0; run < 400; run++) {
      let s = 0;
      let missed = false;
      let naive = false;
      for (let n = 1; n <= 2000; n++) {
        if (random.next() < p) s++;
        if (!missed && logMixture(n, s, p) >= Math.log(1 / alpha)) missed = true;
        // A fixed-sample 90% interval looked at every time: the inflation sequential tests avoid.
        if (n >= 30 && Math.abs(s / n - p) > 1.645 * Math.sqrt((p * (1 - p)) / n)) naive = true;
      }
      if (missed) mixtureMisses++;
      if (naive) fixedMisses++;
    }
    expect(mixtureMisses / 400).toBeLessThanOrEqual(alpha);
    expect(fixedMisses / 400).toBeGreaterThan(3 * alpha);
  });
});

describe('countRange', () => {
  it.each([
    { n: 1000, p: 0.99 },
    { n: 200, p: 0.5 },
    { n: 5000, p: 0.9 },
  ])('n=$n p=$p: the sums just inside are kept and those just outside are not', ({ n, p }) => {
    const alpha = 0.005;
    const { low, high } = countRange(n, p, alpha);
    const inside = (s: number) => logMixture(n, s, p) < Math.log(1 / alpha);
    expect(low).toBeLessThanOrEqual(n * p);
    expect(high).toBeGreaterThanOrEqual(n * p);
    expect(inside(low)).toBe(true);
    expect(inside(high)).toBe(true);
    if (low > 0) expect(inside(low - 1)).toBe(false);
    if (high < n) expect(inside(high + 1)).toBe(false);
  });
});
