import { LAMBDA_NAMESPACE, LambdaMetric, resourceOf } from '../metrics/lambda-dimensions.js';
import type { MetricService } from '../metrics/metric-service.js';
import type { Tier } from '../metrics/retention.js';

/**
 * Per-version series of an alias, read through the metrics service from the `AWS/Lambda` metrics
 * under FunctionName + Resource (the alias) + ExecutedVersion: what CloudWatch would answer.
 */

/** A stretch of time cut into periods, in seconds. */
export interface SeriesWindow {
  from: number;
  to: number;
  period: number;
}

const PERIODS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400];
/** About this many points per chart: enough to see steps, few enough to draw on a phone. */
const MAX_POINTS = 120;

/**
 * Periods for `[fromMs, toMs)`: the shortest that keeps the point count low and that the stored
 * resolution still holding data that old can answer (1 s for three hours, then minutes, ...).
 */
export function chooseWindow(
  fromMs: number,
  toMs: number,
  nowMs: number,
  tiers: readonly Tier[],
): SeriesWindow {
  const nowS = Math.floor(nowMs / 1000);
  const fromS = Math.floor(fromMs / 1000);
  const toS = Math.max(fromS + 1, Math.ceil(toMs / 1000));
  const tier = tiers.find((t) => fromS >= nowS - t.retention) ?? tiers[tiers.length - 1];
  const resolution = tier?.resolution ?? 1;
  const period =
    PERIODS.find((p) => p % resolution === 0 && (toS - fromS) / p <= MAX_POINTS) ??
    Math.ceil((toS - fromS) / MAX_POINTS / resolution) * resolution;
  const from = Math.floor(fromS / period) * period;
  const to = Math.ceil(toS / period) * period;
  return { from, to, period };
}

export interface VersionSeries {
  /** Period starts, seconds. */
  timestamps: number[];
  invocations: number[];
  errors: number[];
  /** p99 of Duration, ms; null for a period without invocations. */
  p99: (number | null)[];
}

function dimensions(functionName: string, alias: string, version: string) {
  return [
    { name: 'FunctionName', value: functionName },
    { name: 'Resource', value: resourceOf(functionName, alias) },
    { name: 'ExecutedVersion', value: version },
  ];
}

/** Invocations, errors and p99 duration of one version through an alias, per period of `window`. */
export async function versionSeries(
  metrics: MetricService,
  target: { functionName: string; alias: string; version: string },
  window: SeriesWindow,
): Promise<VersionSeries> {
  const dims = dimensions(target.functionName, target.alias, target.version);
  const query = (metricName: string, withPercentiles: boolean) =>
    metrics.statistics({
      metric: { namespace: LAMBDA_NAMESPACE, metricName, dimensions: dims },
      start: window.from,
      end: window.to,
      period: window.period,
      withPercentiles,
    });
  const [invocations, errors, duration] = await Promise.all([
    query(LambdaMetric.Invocations, false),
    query(LambdaMetric.Errors, false),
    query(LambdaMetric.Duration, true),
  ]);
  const slots = Math.max(0, Math.round((window.to - window.from) / window.period));
  const index = (timestamp: number): number => Math.round((timestamp - window.from) / window.period);
  const series: VersionSeries = {
    timestamps: Array.from({ length: slots }, (_, i) => window.from + i * window.period),
    invocations: new Array<number>(slots).fill(0),
    errors: new Array<number>(slots).fill(0),
    p99: new Array<number | null>(slots).fill(null),
  };
  for (const b of invocations) {
    const i = index(b.timestamp);
    if (i >= 0 && i < slots) series.invocations[i]! += b.dist.sum;
  }
  for (const b of errors) {
    const i = index(b.timestamp);
    if (i >= 0 && i < slots) series.errors[i]! += b.dist.sum;
  }
  for (const b of duration) {
    const i = index(b.timestamp);
    const p99 = b.dist.count > 0 ? b.dist.percentile(0.99) : undefined;
    if (i >= 0 && i < slots && p99 !== undefined) series.p99[i] = round(p99);
  }
  return series;
}

/** Invocations and errors of each version through an alias from `sinceMs` until now. */
export async function recentTotals(
  metrics: MetricService,
  target: { functionName: string; alias: string },
  versions: readonly string[],
  sinceMs: number,
  nowMs: number,
): Promise<{ version: string; invocations: number; errors: number }[]> {
  const end = Math.floor(nowMs / 1000) + 1;
  const start = Math.min(Math.floor(sinceMs / 1000), end - 1);
  const windowSeconds = end - start;
  return Promise.all(
    versions.map(async (version) => {
      const dims = dimensions(target.functionName, target.alias, version);
      const sum = async (metricName: string): Promise<number> => {
        const buckets = await metrics.statistics({
          metric: { namespace: LAMBDA_NAMESPACE, metricName, dimensions: dims },
          start,
          end,
          period: windowSeconds,
          withPercentiles: false,
        });
        return buckets.reduce((total, b) => total + b.dist.sum, 0);
      };
      const [invocations, errors] = await Promise.all([
        sum(LambdaMetric.Invocations),
        sum(LambdaMetric.Errors),
      ]);
      return { version, invocations, errors };
    }),
  );
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
