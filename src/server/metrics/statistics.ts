import type { Distribution } from './distribution.js';

export const SIMPLE_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type SimpleStatistic = (typeof SIMPLE_STATISTICS)[number];

/** A statistic over one period: one of CloudWatch's five, or a percentile such as `p99.9`. */
export type Stat =
  { kind: 'simple'; name: SimpleStatistic } | { kind: 'percentile'; name: string; quantile: number };

const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)$/;

export function isSimpleStatistic(name: string): name is SimpleStatistic {
  return (SIMPLE_STATISTICS as readonly string[]).includes(name);
}

/**
 * Parses an ExtendedStatistic. gradual supports percentiles (`p0`..`p100`, with decimals);
 * trimmed means and the other extended statistics are not supported.
 */
export function parseExtendedStatistic(name: string): Stat | undefined {
  const m = PERCENTILE.exec(name);
  if (!m) return undefined;
  return { kind: 'percentile', name, quantile: Number(m[1]) / 100 };
}

/** Parses a GetMetricData `Stat`: a simple statistic or a supported extended one. */
export function parseStat(name: string): Stat | undefined {
  return isSimpleStatistic(name) ? { kind: 'simple', name } : parseExtendedStatistic(name);
}

/** The statistic's value over `d`, or undefined when it cannot be computed (no data, or no percentiles). */
export function statValue(d: Distribution, stat: Stat): number | undefined {
  if (d.count === 0) return undefined;
  if (stat.kind === 'percentile') return d.percentile(stat.quantile);
  switch (stat.name) {
    case 'SampleCount':
      return d.count;
    case 'Sum':
      return d.sum;
    case 'Average':
      return d.sum / d.count;
    case 'Minimum':
      return d.min;
    case 'Maximum':
      return d.max;
  }
}
