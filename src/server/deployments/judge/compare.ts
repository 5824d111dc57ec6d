import type { Direction, Tolerance, Verdict } from '../../../contracts/judgement.js';

export type { Direction, Tolerance, Verdict } from '../../../contracts/judgement.js';
/**
 * Comparing the new version's confidence sequence with the current version's, against a
 * tolerated change. Each version's bounds hold at every look with probability 1 - alpha/2, so
 * both hold together with probability 1 - alpha, and so do the decisions drawn from them.
 */

export interface Bounds {
  estimate: number | undefined;
  lower: number;
  upper: number;
}

/** The worst value the new version may have when the current one's is `x`. */
export function limitOf(x: number, tolerance: Tolerance, direction: Direction): number {
  return direction === 'increase'
    ? Math.max(x * (1 + tolerance.relative), x + tolerance.absolute)
    : Math.min(x * (1 - tolerance.relative), x - tolerance.absolute);
}

/**
 * fail: the new version is surely worse than the current one's worst tolerated value;
 * pass: surely no worse; not-yet: the bounds still allow either.
 */
export function decide(target: Bounds, current: Bounds, tolerance: Tolerance, direction: Direction): Verdict {
  if (direction === 'increase') {
    if (target.lower > limitOf(current.upper, tolerance, direction)) return 'fail';
    if (target.upper <= limitOf(current.lower, tolerance, direction)) return 'pass';
    return 'not-yet';
  }
  if (target.upper < limitOf(current.lower, tolerance, direction)) return 'fail';
  if (target.lower >= limitOf(current.upper, tolerance, direction)) return 'pass';
  return 'not-yet';
}

/** A check's verdict if it were decided at `alpha`. */
export type VerdictAt = (alpha: number) => Verdict;

/**
 * The smallest alpha at which the verdict would be `wanted`: an always-valid p-value (Johari,
 * Koomen, Pekelis and Walsh, "Always valid inference", Operations Research 2022) for the
 * hypothesis that `wanted` is wrong, since the bounds hold at every look and every alpha.
 * Found by bisection on log alpha; 1 when even alpha near 1 does not reach it.
 */
export function alwaysValidP(verdictAt: VerdictAt, wanted: 'fail' | 'pass'): number {
  const reaches = (alpha: number): boolean => verdictAt(alpha) === wanted;
  let lo = Math.log(1e-12);
  let hi = Math.log(0.999);
  if (!reaches(Math.exp(hi))) return 1;
  if (reaches(Math.exp(lo))) return 1e-12;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (reaches(Math.exp(mid))) hi = mid;
    else lo = mid;
  }
  return Math.exp(hi);
}
