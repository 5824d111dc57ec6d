import type { CheckKind, CheckUnit } from '../../../contracts/judgement.js';
import { decide, type Bounds, type Direction, type Tolerance, type Verdict } from './compare.js';
import type { JudgeConfig, MetricCheckConfig } from './config.js';
import { meanBounds } from './mixture.js';
import { quantileBounds, type QuantileSource } from './quantile-bounds.js';
import { rateRatioTest, type Stratum } from './rate-ratio.js';

/** What the judge sees of one version, over the same window through the same alias. */
export interface VersionSample {
  invocations: number;
  errors: number;
  /** The Duration sketch (ms). */
  duration: QuantileSource | undefined;
  /** Each custom metric's values, by its check's label. */
  metrics: Record<string, MetricSample | undefined>;
}

/** A metric's values in the window: the metrics' Distribution fits this shape. */
export interface MetricSample extends QuantileSource {
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly hasPercentiles: boolean;
}

export interface JudgeInput {
  current: VersionSample;
  target: VersionSample;
  /**
   * Invocations and errors of each version per traffic step (one split each), for the error
   * check; when absent, the whole window is one stratum.
   */
  strata?: Stratum[];
}

/** A check decided at some alpha, with the figures it was decided on. */
export interface CheckOutcome {
  verdict: Verdict;
  current: Bounds;
  target: Bounds;
  /** The new version's value relative to the current one's (target / current). */
  ratio: Bounds;
}

/** One comparison to make: how to decide it at a given alpha, or why it cannot be made yet. */
export interface CheckSpec {
  name: string;
  kind: CheckKind;
  unit: CheckUnit;
  direction: Direction;
  tolerance: Tolerance;
  samples: { current: number; target: number };
  at: ((alpha: number) => CheckOutcome) | undefined;
  /** Why the check cannot be made (yet). */
  note?: string;
}

/** The relative accuracy of the metrics' sketches (DDSketch, 1%). */
export const SKETCH_ACCURACY = 0.01;

function rateBounds(n: number, s: number, alpha: number): Bounds {
  const { lower, upper } = meanBounds(n, s, alpha);
  return { estimate: n > 0 ? s / n : undefined, lower, upper };
}

/**
 * The error check's alpha for the ratio's confidence sequence: all of it, unless `passWithin`
 * lets the versions' own rates decide a pass too, when the ratio gets half and each rate a
 * quarter (a wrong verdict then needs one of the three to be wrong: at most alpha).
 */
export function ratioAlpha(alpha: number, passWithin: number): number {
  return passWithin > 0 ? alpha / 2 : alpha;
}

/**
 * Errors: the rate ratio's confidence sequence (conditioned on the errors, see rate-ratio.ts)
 * decides; each version's own rate lets a quiet version pass within `passWithin` (and is shown).
 */
function errorCheck(tolerance: Tolerance, passWithin: number, input: JudgeInput): CheckSpec {
  const { current, target } = input;
  const strata = input.strata ?? [
    {
      current: { invocations: current.invocations, errors: current.errors },
      target: { invocations: target.invocations, errors: target.errors },
    },
  ];
  const test = rateRatioTest(strata);
  const limit = 1 + tolerance.relative;
  return {
    name: 'errors',
    kind: 'errors',
    unit: 'rate',
    direction: 'increase',
    tolerance,
    samples: { current: current.invocations, target: target.invocations },
    at(alpha) {
      const ratio = test.bounds(ratioAlpha(alpha, passWithin));
      const cur = rateBounds(current.invocations, current.errors, alpha / 4);
      const tgt = rateBounds(target.invocations, target.errors, alpha / 4);
      const fail = ratio.lower > limit;
      const pass = ratio.upper <= limit || (passWithin > 0 && tgt.upper <= cur.lower + passWithin);
      return {
        verdict: fail ? 'fail' : pass ? 'pass' : 'not-yet',
        current: cur,
        target: tgt,
        ratio: { estimate: test.estimate, ...ratio },
      };
    },
  };
}

function ratioOf(target: Bounds, current: Bounds): Bounds {
  const divide = (a: number, b: number) => (b > 0 ? a / b : a > 0 ? Infinity : 1);
  return {
    estimate:
      target.estimate !== undefined && current.estimate !== undefined
        ? divide(target.estimate, current.estimate)
        : undefined,
    lower: divide(target.lower, current.upper),
    upper: divide(target.upper, current.lower),
  };
}

/** Bounds each version at alpha/2 and compares them against the tolerance. */
function comparing(
  direction: Direction,
  tolerance: Tolerance,
  bound: (which: 'current' | 'target', alpha: number) => Bounds,
): (alpha: number) => CheckOutcome {
  return (alpha) => {
    const current = bound('current', alpha / 2);
    const target = bound('target', alpha / 2);
    return {
      verdict: decide(target, current, tolerance, direction),
      current,
      target,
      ratio: ratioOf(target, current),
    };
  };
}

function quantileCheck(
  name: string,
  kind: CheckSpec['kind'],
  unit: CheckSpec['unit'],
  q: number,
  direction: Direction,
  tolerance: Tolerance,
  current: QuantileSource | undefined,
  target: QuantileSource | undefined,
): CheckSpec {
  const samples = { current: current?.count ?? 0, target: target?.count ?? 0 };
  if (!current || !target || samples.current === 0 || samples.target === 0) {
    return { name, kind, unit, direction, tolerance, samples, at: undefined, note: 'no data yet' };
  }
  const sources = { current, target };
  return {
    name,
    kind,
    unit,
    direction,
    tolerance,
    samples,
    at: comparing(direction, tolerance, (which, alpha) =>
      quantileBounds(sources[which], q, alpha, SKETCH_ACCURACY),
    ),
  };
}

/** A bounded mean, rescaled to [0, 1] for the mixture and back. */
function meanCheck(config: MetricCheckConfig, range: [number, number], input: JudgeInput): CheckSpec {
  const [low, high] = range;
  const span = high - low;
  const current = input.current.metrics[config.label];
  const target = input.target.metrics[config.label];
  const base = {
    name: config.label,
    kind: 'metric' as const,
    unit: 'value' as const,
    direction: config.direction,
    tolerance: config.tolerance,
    samples: { current: current?.count ?? 0, target: target?.count ?? 0 },
  };
  if (!current || !target || current.count === 0 || target.count === 0)
    return { ...base, at: undefined, note: 'no data yet' };
  const outside = [current, target].some((s) => s.min < low || s.max > high);
  if (outside) return { ...base, at: undefined, note: `values outside the declared range [${low}, ${high}]` };
  const bounds = (s: MetricSample, alpha: number): Bounds => {
    const b = meanBounds(s.count, (s.sum - s.count * low) / span, alpha);
    return { estimate: s.sum / s.count, lower: low + b.lower * span, upper: low + b.upper * span };
  };
  const samples = { current, target };
  return {
    ...base,
    at: comparing(config.direction, config.tolerance, (w, alpha) => bounds(samples[w], alpha)),
  };
}

function metricCheck(config: MetricCheckConfig, input: JudgeInput): CheckSpec {
  const statistic = config.statistic;
  switch (statistic.kind) {
    case 'mean':
      return meanCheck(config, statistic.range, input);
    case 'percentile': {
      const current = input.current.metrics[config.label];
      const target = input.target.metrics[config.label];
      if ((current && !current.hasPercentiles) || (target && !target.hasPercentiles)) {
        return {
          name: config.label,
          kind: 'metric',
          unit: 'value',
          direction: config.direction,
          tolerance: config.tolerance,
          samples: { current: current?.count ?? 0, target: target?.count ?? 0 },
          at: undefined,
          note: 'percentiles are unavailable: the metric was sent as statistic sets',
        };
      }
      return quantileCheck(
        config.label,
        'metric',
        'value',
        statistic.quantile,
        config.direction,
        config.tolerance,
        current,
        target,
      );
    }
  }
}

/** Every check the configuration asks for, in a fixed order (the alpha is shared among them all). */
export function checksOf(config: JudgeConfig, input: JudgeInput): CheckSpec[] {
  const checks: CheckSpec[] = [];
  if (config.errors) checks.push(errorCheck(config.errors.tolerance, config.errors.passWithin, input));
  const latency = config.latency;
  if (latency) {
    for (const { name, quantile } of latency.quantiles) {
      checks.push(
        quantileCheck(
          `latency ${name}`,
          'latency',
          'ms',
          quantile,
          'increase',
          latency.tolerance,
          input.current.duration,
          input.target.duration,
        ),
      );
    }
  }
  for (const metric of config.metrics) checks.push(metricCheck(metric, input));
  return checks;
}
