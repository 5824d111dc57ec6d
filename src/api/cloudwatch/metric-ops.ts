import { Distribution } from '../../metrics/distribution.js';
import {
  InvalidParameterCombination,
  InvalidParameterValue,
  MissingParameter,
  ValidationError,
} from '../../metrics/errors.js';
import type { MetricDatum } from '../../metrics/metric-service.js';
import { sortDimensions, type Dimension } from '../../metrics/metric-key.js';
import { parseExtendedStatistic, parseStat, statValue, type Stat } from '../../metrics/statistics.js';
import { decodeToken, encodeToken, isNumber, isString, type CloudWatchContext } from './context.js';
import { alignStart, checkDatapointLimit, checkQueryPeriod, checkTimeRange } from './periods.js';
import type { Input } from './schemas.js';
import { WireMap, type Output } from './wire.js';

const MAX_DATUMS = 1000;
const MAX_VALUES = 150;
const TWO_WEEKS_S = 14 * 86_400;

function dims(list: readonly { Name: string; Value: string }[] | undefined): Dimension[] {
  return (list ?? []).map((d) => ({ name: d.Name, value: d.Value }));
}

function wireDims(list: readonly Dimension[]): { Name: string; Value: string }[] {
  return list.map((d) => ({ Name: d.name, Value: d.value }));
}

/** PutMetricData (spec §3.6). Datum errors name members as `MetricData.member.N`, even over JSON [V-AWS]. */
export function putMetricData(
  input: Input<'PutMetricData'>,
  ctx: CloudWatchContext,
): Promise<Output | undefined> {
  if (input.Namespace.startsWith('AWS/')) {
    throw new InvalidParameterValue(
      `The value ${input.Namespace} for parameter Namespace is invalid: the AWS/ prefix is reserved for AWS services.`,
    );
  }
  const data = input.MetricData ?? [];
  if (data.length === 0) throw new MissingParameter('The parameter MetricData is required.');
  if (data.length > MAX_DATUMS) {
    throw new InvalidParameterValue(
      `The collection MetricData must not have a size greater than ${MAX_DATUMS}.`,
    );
  }
  const now = ctx.clock.now();
  const datums = data.map((d, i): MetricDatum => {
    const at = `MetricData.member.${i + 1}`;
    const given = (['Value', 'StatisticValues', 'Values'] as const).filter((k) => d[k] !== undefined);
    if (given.length > 1) {
      throw new InvalidParameterCombination(
        `The parameters ${at}.${given[0]} and ${at}.${given[1]} are mutually exclusive and you have specified both.`,
      );
    }
    const metric = { namespace: input.Namespace, metricName: d.MetricName, dimensions: dims(d.Dimensions) };
    const base = { metric, timestamp: d.Timestamp ?? now, unit: d.Unit ?? 'None' };
    if (d.Value !== undefined) return { ...base, value: { kind: 'value', value: d.Value } };
    if (d.StatisticValues !== undefined) {
      const s = d.StatisticValues;
      if (!(s.SampleCount > 0) || s.Minimum > s.Maximum) {
        throw new InvalidParameterValue(
          `The parameter ${at}.StatisticValues must have a positive SampleCount and a Minimum no greater than its Maximum.`,
        );
      }
      return {
        ...base,
        value: {
          kind: 'statistics',
          set: { sampleCount: s.SampleCount, sum: s.Sum, minimum: s.Minimum, maximum: s.Maximum },
        },
      };
    }
    if (d.Values !== undefined) {
      const counts = d.Counts ?? d.Values.map(() => 1);
      if (counts.length !== d.Values.length) {
        throw new InvalidParameterValue(
          `The parameters ${at}.Values and ${at}.Counts must be of the same size.`,
        );
      }
      if (d.Values.length > MAX_VALUES) {
        throw new InvalidParameterValue(
          `The collection ${at}.Values must not have a size greater than ${MAX_VALUES}.`,
        );
      }
      if (counts.some((c) => !(c > 0)))
        throw new InvalidParameterValue(`The parameter ${at}.Counts must hold positive numbers.`);
      return { ...base, value: { kind: 'values', values: d.Values, counts } };
    }
    throw new MissingParameter(
      `At least one of the parameters ${at}.Value, ${at}.StatisticValues or ${at}.Values must be specified.`,
    );
  });
  ctx.metrics.put(datums);
  return Promise.resolve(undefined);
}

function parseExtended(names: readonly string[], member: string): Stat[] {
  return names.map((name) => {
    const stat = parseExtendedStatistic(name);
    if (!stat) throw new InvalidParameterValue(`The value ${name} for parameter ${member} is not supported.`);
    return stat;
  });
}

/** GetMetricStatistics (spec §3.7): one datapoint per period and unit, with only the requested statistics. */
export async function getMetricStatistics(
  input: Input<'GetMetricStatistics'>,
  ctx: CloudWatchContext,
): Promise<Output> {
  checkTimeRange(input.StartTime, input.EndTime);
  const statistics = input.Statistics ?? [];
  const extended = parseExtended(input.ExtendedStatistics ?? [], 'ExtendedStatistics');
  if (statistics.length === 0 && extended.length === 0) {
    throw new InvalidParameterCombination('Must specify either Statistics or ExtendedStatistics');
  }
  checkQueryPeriod(input.Period, 'Period');
  const start = alignStart(input.StartTime, input.Period, ctx.clock.now());
  checkDatapointLimit(input.StartTime, input.EndTime, input.Period);
  const buckets = await ctx.metrics.statistics({
    metric: { namespace: input.Namespace, metricName: input.MetricName, dimensions: dims(input.Dimensions) },
    start,
    end: Math.ceil(input.EndTime / 1000),
    period: input.Period,
    unit: input.Unit,
    withPercentiles: extended.length > 0,
  });
  const datapoints = buckets.map((b) => {
    const point: Record<string, unknown> = { Timestamp: new Date(b.timestamp * 1000) };
    for (const name of ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const) {
      if (statistics.includes(name)) point[name] = statValue(b.dist, { kind: 'simple', name });
    }
    point['Unit'] = b.unit;
    if (extended.length > 0) {
      const entries = extended.flatMap((s) => {
        const v = statValue(b.dist, s);
        return v === undefined ? [] : [[s.name, v] as const];
      });
      point['ExtendedStatistics'] = new WireMap(entries);
    }
    return point;
  });
  return { Label: input.MetricName, Datapoints: datapoints };
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

/** GetMetricData with MetricStat queries (spec §3.8). */
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

/** ListMetrics: metrics with data in the last two weeks (three hours with RecentlyActive=PT3H). */
export async function listMetrics(input: Input<'ListMetrics'>, ctx: CloudWatchContext): Promise<Output> {
  const after = decodeToken(input.NextToken, isString);
  const { metrics, last } = await ctx.metrics.listMetrics({
    namespace: input.Namespace,
    metricName: input.MetricName,
    dimensions: (input.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value })),
    activeWithin: input.RecentlyActive === 'PT3H' ? 3 * 3600 : TWO_WEEKS_S,
    after,
    limit: 500,
  });
  const output: Output = {
    Metrics: metrics.map((m) => ({
      Namespace: m.namespace,
      MetricName: m.metricName,
      Dimensions: wireDims(sortDimensions(m.dimensions)),
    })),
  };
  if (last !== undefined) output['NextToken'] = encodeToken(last);
  return output;
}
