import { describe, expect, it } from 'vitest';
import { alwaysValidP, decide, limitOf, type Bounds, type Direction } from './compare.js';

const b = (lower: number, upper: number): Bounds => ({ estimate: (lower + upper) / 2, lower, upper });
const tol = { relative: 0.2, absolute: 0 };

describe('decide', () => {
  it.each<[string, Bounds, Bounds, Direction, string]>([
    ['new surely above 1.2x the current', b(130, 150), b(90, 100), 'increase', 'fail'],
    ['overlapping the limit', b(110, 150), b(90, 100), 'increase', 'not-yet'],
    ['new surely below 1.2x the current', b(80, 100), b(90, 100), 'increase', 'pass'],
    ['a drop beyond 20% where lower is worse', b(50, 70), b(90, 100), 'decrease', 'fail'],
    ['no drop beyond 20% where lower is worse', b(85, 120), b(90, 100), 'decrease', 'pass'],
    ['a rise where lower is worse', b(150, 200), b(90, 100), 'decrease', 'pass'],
  ])('%s', (_name, target, current, direction, verdict) => {
    expect(decide(target, current, tol, direction)).toBe(verdict);
  });

  it('takes the larger of the relative and absolute tolerances', () => {
    expect(limitOf(0.001, { relative: 0.2, absolute: 0.005 }, 'increase')).toBeCloseTo(0.006);
    expect(limitOf(0.1, { relative: 0.2, absolute: 0.005 }, 'increase')).toBeCloseTo(0.12);
    expect(limitOf(100, { relative: 0.1, absolute: 5 }, 'decrease')).toBeCloseTo(90);
  });
});

describe('alwaysValidP', () => {
  it('is the smallest alpha at which the verdict is reached', () => {
    // A verdict reached at any alpha of 0.003 or more.
    const p = alwaysValidP((alpha) => (alpha >= 0.003 ? 'fail' : 'not-yet'), 'fail');
    expect(p).toBeGreaterThanOrEqual(0.003);
    expect(p).toBeLessThan(0.003 * 1.001);
  });

  it('is 1 when the verdict is out of reach', () => {
    expect(alwaysValidP(() => 'not-yet', 'pass')).toBe(1);
  });
});
