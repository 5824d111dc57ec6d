import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/random.js';
import { Distribution } from '../../metrics/distribution.js';
import { countRange } from './mixture.js';
import { centredPrior, quantileBounds, type QuantileSource } from './quantile-bounds.js';
import { lognormal } from './test-support/traffic-sim.js';

/** Exact order statistics of 1..n (nearest rank), as a sketch with no error would return. */
function oneToN(n: number): QuantileSource {
  return { count: n, percentile: (q) => Math.max(1, Math.ceil(q * n - 1e-9)) };
}

describe('quantileBounds', () => {
  it('brackets the quantile between the order statistics of ranks low and high + 1', () => {
    const { low, high } = countRange(1000, 0.5, 0.01, centredPrior(0.5));
    const b = quantileBounds(oneToN(1000), 0.5, 0.01, 0);
    expect(b).toEqual({ estimate: 500, lower: low, upper: high + 1 });
  });

  it('widens by the sketch accuracy', () => {
    const exact = quantileBounds(oneToN(1000), 0.9, 0.01, 0);
    const sketched = quantileBounds(oneToN(1000), 0.9, 0.01, 0.01);
    expect(sketched.lower).toBeCloseTo(exact.lower / 1.01, 9);
    expect(sketched.upper).toBeCloseTo(exact.upper / 0.99, 9);
  });

  it('cannot bound p99 from above with few values, nor anything with none', () => {
    expect(quantileBounds(oneToN(50), 0.99, 0.01, 0).upper).toBe(Infinity);
    expect(quantileBounds(oneToN(0), 0.5, 0.01, 0)).toEqual({
      estimate: undefined,
      lower: 0,
      upper: Infinity,
    });
  });

  it('covers the true p99 of a lognormal at every look, from the metrics sketch, in at least 1 - alpha of runs', () => {
    const alpha = 0.1;
    const trueP99 = 50 * Math.exp(0.5 * 2.326348);
    const draw = lognormal(50, 0.5);
    let misses = 0;
    const runs = 100;
    for (let run = 0; run < runs; run++) {
      const random = seededRandom(1000 + run);
      const d = new Distribution();
      let missed = false;
      for (let n = 1; n <= 5000; n++) {
        d.add(draw(random));
        if (n % 100 === 0) {
          const b = quantileBounds(d, 0.99, alpha, 0.01);
          if (b.lower > trueP99 || b.upper < trueP99) missed = true;
        }
      }
      if (missed) misses++;
    }
    expect(misses / runs).toBeLessThanOrEqual(alpha);
  });
});
