import { gammaln } from 'simple-statistics';

/**
 * Time-uniform confidence sequences for a mean in [0, 1], by the method of mixtures: the
 * beta-binomial (conjugate) mixture of Robbins (1970), in the form of Howard, Ramdas, McAuliffe
 * and Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences" (Annals of
 * Statistics, 2021). For n observations summing to s, and any candidate mean p,
 *
 *   M(p) = B(a + s, b + n - s) / (B(a, b) p^s (1 - p)^(n - s))
 *
 * is a nonnegative supermartingale under p (for 0/1 data exactly, for [0, 1]-bounded data by
 * Hoeffding's convexity argument), so by Ville's inequality the set {p : M(p) < 1/alpha} misses
 * the true mean at some n, ever, with probability at most alpha. Looking after every
 * observation, or at any data-dependent time, costs nothing more.
 */

/** The mixing prior Beta(a, b). Jeffreys' Beta(1/2, 1/2) pays about half a log n for adapting. */
export interface BetaPrior {
  a: number;
  b: number;
}

export const JEFFREYS: BetaPrior = { a: 0.5, b: 0.5 };

function betaln(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/** log M(p): the log of the mixture e-value against the mean being p, after n observations summing to s. */
export function logMixture(n: number, s: number, p: number, prior: BetaPrior = JEFFREYS): number {
  const fail = n - s;
  const logLikelihood = (s > 0 ? s * Math.log(p) : 0) + (fail > 0 ? fail * Math.log1p(-p) : 0);
  return betaln(prior.a + s, prior.b + fail) - betaln(prior.a, prior.b) - logLikelihood;
}

export interface Interval {
  lower: number;
  upper: number;
}

const BISECTIONS = 60;

/**
 * The confidence sequence for the mean at time n: every p with M(p) < 1/alpha. log M is convex in
 * p with its minimum at s/n, so each end is found by bisection on its side.
 */
export function meanBounds(n: number, s: number, alpha: number, prior: BetaPrior = JEFFREYS): Interval {
  if (n <= 0) return { lower: 0, upper: 1 };
  const threshold = Math.log(1 / alpha);
  const mean = Math.min(1, Math.max(0, s / n));
  const outside = (p: number): boolean => logMixture(n, s, p, prior) >= threshold;
  const crossing = (inside: number, out: number): number => {
    for (let i = 0; i < BISECTIONS; i++) {
      const mid = (inside + out) / 2;
      if (outside(mid)) out = mid;
      else inside = mid;
    }
    return out;
  };
  const lower = s <= 0 || !outside(Number.MIN_VALUE) ? 0 : crossing(mean, 0);
  const upper = s >= n || !outside(1 - Number.EPSILON) ? 1 : crossing(mean, 1);
  return { lower, upper };
}

/**
 * For a fixed mean p (a quantile's level), the range of sums [low, high] that the confidence
 * sequence keeps at time n: an integer sum outside it has M(p) >= 1/alpha. Used to turn a
 * confidence sequence for "how many observations fall at or below the quantile" into order
 * statistics that bracket the quantile (Howard and Ramdas, 2022).
 */
export function countRange(
  n: number,
  p: number,
  alpha: number,
  prior: BetaPrior = JEFFREYS,
): { low: number; high: number } {
  const threshold = Math.log(1 / alpha);
  const inside = (s: number): boolean => logMixture(n, s, p, prior) < threshold;
  const centre = Math.min(n, Math.max(0, Math.round(n * p)));
  if (!inside(centre)) return { low: centre + 1, high: centre - 1 };
  // Smallest inside sum in [0, centre] and largest in [centre, n]; log M is convex in s.
  let lo = 0;
  let hi = centre;
  if (!inside(0)) {
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (inside(mid)) hi = mid;
      else lo = mid;
    }
    lo = hi;
  }
  const low = lo;
  lo = centre;
  hi = n;
  if (!inside(n)) {
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (inside(mid)) lo = mid;
      else hi = mid;
    }
    hi = lo;
  }
  return { low, high: hi };
}
