import { countRange, type BetaPrior } from './mixture.js';

/**
 * Values as a sketch holds them: how many, and the value at a quantile by nearest rank (the
 * metrics' Distribution is one). `relativeAccuracy` is the sketch's guarantee: the value it
 * returns for a rank is within that fraction of the true one (DDSketch: 1%).
 */
export interface QuantileSource {
  readonly count: number;
  percentile(q: number): number | undefined;
}

/**
 * The mixing prior for a quantile's level p: Beta centred on p with 100 pseudo-observations,
 * so the mixture is tuned to the deviations of a few thousand observations (where a canary's
 * tail is decided) rather than spread over the whole of [0, 1] like Jeffreys'.
 */
export function centredPrior(p: number): BetaPrior {
  return { a: 100 * p, b: 100 * (1 - p) };
}

export interface QuantileBounds {
  /** The sample quantile (nearest rank). */
  estimate: number | undefined;
  /** Time-uniform bounds for the true quantile; 0 and Infinity when the sample cannot bound it yet. */
  lower: number;
  upper: number;
}

/**
 * A confidence sequence for the quantile of level p (Howard and Ramdas, "Sequential estimation
 * of quantiles with applications to A/B-testing and best-arm identification", Bernoulli 2022).
 * How many of n observations fall at or below the true quantile is a sum of Bernoulli(p)
 * indicators (for ties, at least p at-or-below and at most p strictly below), so a confidence
 * sequence [low, high] for that sum brackets the quantile between the order statistics of rank
 * low and high + 1, at every n at once.
 */
export function quantileBounds(
  source: QuantileSource,
  p: number,
  alpha: number,
  relativeAccuracy: number,
  prior: BetaPrior = centredPrior(p),
): QuantileBounds {
  const n = source.count;
  if (n <= 0) return { estimate: undefined, lower: 0, upper: Infinity };
  const rank = (k: number): number | undefined => source.percentile(k / n);
  const { low, high } = countRange(n, p, alpha, prior);
  if (low > high) return { estimate: source.percentile(p), lower: 0, upper: Infinity };
  const lowValue = low >= 1 ? rank(Math.min(low, n)) : undefined;
  const highValue = high + 1 <= n ? rank(Math.max(1, high + 1)) : undefined;
  return {
    estimate: source.percentile(p),
    // The sketch returns a value within relativeAccuracy of the true order statistic.
    lower: lowValue === undefined ? 0 : lowValue / (1 + relativeAccuracy),
    upper: highValue === undefined ? Infinity : highValue / (1 - relativeAccuracy),
  };
}
