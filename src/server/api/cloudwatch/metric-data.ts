import { Distribution } from '../../metrics/distribution.js';
import { InvalidParameterValue, MissingParameter, ValidationError } from '../../metrics/errors.js';
import type { Dimension } from '../../metrics/metric-key.js';
import { parseStat, statValue, type Stat } from '../../metrics/statistics.js';
import { decodeToken, encodeToken, isNumber, type CloudWatchContext } from './context.js';
import { alignStart, checkQueryPeriod, checkTimeRange } from './periods.js';
import type { Input } from './schemas.js';
import type { Output } from '../operation.js';

function dims(list: readonly { Name: string; Value: string }[] | undefined): Dimension[] {
  return (list ?? []).map((d) => ({ name: d.Name, value: d.Value }));
}

const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

interface PlannedQuery {
  id: string;
  label: string;
  metric: { namespace: string; metricName: string; dimensions: Dimension[] };
  period: number;
  stat: Stat;
  unit?: string;
  returnData: boolean;
}

function planQueries(input: Input<'GetMetricData'>): PlannedQuery[] {
  const planned = input.MetricDataQueries.map((q, i) => {
    const at = `MetricDataQueries.member.${i + 1}`;
    if (!QUERY_ID.test(q.Id)) {
      throw new ValidationError(
        `The value ${q.Id} for parameter ${at}.Id is invalid: it must start with a lowercase letter and hold only letters, digits and underscores.`,
      );
    }
    if (q.Expression !== undefined) {
      throw new InvalidParameterValue(
        `gradual does not support metric math: ${at}.Expression is not supported; use MetricStat.`,
      );
    }
    const ms = q.MetricStat;
    if (!ms) throw new MissingParameter(`The parameter ${at}.MetricStat is required.`);
    if (ms.Metric.Namespace === undefined)
      throw new MissingParameter(`The parameter ${at}.MetricStat.Metric.Namespace is required.`);
    if (ms.Metric.MetricName === undefined)
      throw new MissingParameter(`The parameter ${at}.MetricStat.Metric.MetricName is required.`);
    const stat = parseStat(ms.Stat);
    if (!stat)
      throw new InvalidParameterValue(
        `The value ${ms.Stat} for parameter ${at}.MetricStat.Stat is not supported.`,
      );
    checkQueryPeriod(ms.Period, `${at}.MetricStat.Period`);
    return {
      id: q.Id,
      label: q.Label ?? '',
      metric: {
        namespace: ms.Metric.Namespace,
        metricName: ms.Metric.MetricName,
        dimensions: dims(ms.Metric.Dimensions),
      },
      period: ms.Period,
      stat,
      unit: ms.Unit,
      returnData: q.ReturnData ?? true,
    };
  });
  const ids = new Set<string>();
  for (const q of planned) {
    if (ids.has(q.id))
      throw new ValidationError(
        `The value ${q.id} for parameter MetricDataQueries.member.Id is used more than once.`,
      );
    ids.add(q.id);
  }
  // Default labels name the metric, plus the stat and period when the queries differ in them [V-AWS].
  const statsDiffer = new Set(planned.map((q) => q.stat.name)).size > 1;
  const periodsDiffer = new Set(planned.map((q) => q.period)).size > 1;
  for (const q of planned) {
    if (q.label) continue;
    q.label = [
      q.metric.metricName,
      ...(statsDiffer ? [q.stat.name] : []),
      ...(periodsDiffer ? [String(q.period)] : []),
    ].join(' ');
  }
  return planned;
}

const isOffset = (v: unknown): v is { skip: number } =>
  typeof v === 'object' && v !== null && isNumber((v as { skip?: unknown }).skip);

/** GetMetricData with MetricStat queries (CloudWatch API Reference, GetMetricData). */
export async function getMetricData(input: Input<'GetMetricData'>, ctx: CloudWatchContext): Promise<Output> {
  checkTimeRange(input.StartTime, input.EndTime);
  const queries = planQueries(input);
  const skip = decodeToken(input.NextToken, isOffset)?.skip ?? 0;
  const max = input.MaxDatapoints ?? 100_800;
  const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
  const now = ctx.clock.now();
  let seen = 0;
  let truncated = false;
  const results: Output[] = [];
  for (const q of queries.filter((q) => q.returnData)) {
    const start = alignStart(input.StartTime, q.period, now);
    const buckets = await ctx.metrics.statistics({
      metric: q.metric,
      start,
      end: Math.ceil(input.EndTime / 1000),
      period: q.period,
      unit: q.unit,
      withPercentiles: q.stat.kind === 'percentile',
    });
    const merged = new Map<number, Distribution>();
    const units = new Set<string>();
    for (const b of buckets) {
      units.add(b.unit);
      const d = merged.get(b.timestamp) ?? new Distribution();
      d.merge(b.dist);
      merged.set(b.timestamp, d);
    }
    const all = [...merged]
      .map(([t, d]) => [t, statValue(d, q.stat)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== undefined)
      .sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
    // The page is [skip, skip + max) of all results' points laid end to end.
    const from = Math.max(seen, skip) - seen;
    const to = Math.min(seen + all.length, skip + max) - seen;
    const taken = all.slice(from, Math.max(from, to));
    const partial = from + taken.length < all.length;
    if (seen + all.length > skip + max) truncated = true;
    seen += all.length;
    const result: Output = {
      Id: q.id,
      Label: q.label,
      Timestamps: taken.map(([t]) => new Date(t * 1000)),
      Values: taken.map(([, v]) => v),
      StatusCode: partial ? 'PartialData' : 'Complete',
    };
    if (units.size > 1 && q.unit === undefined) {
      result['Messages'] = [
        { Code: 'MultipleUnits', Value: `Multiple units returned: '[${[...units].sort().join(', ')}]'` },
      ];
    }
    results.push(result);
  }
  const output: Output = { MetricDataResults: results, Messages: [] };
  if (truncated) output['NextToken'] = encodeToken({ skip: skip + max });
  return output;
}
