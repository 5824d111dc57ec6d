import {
  InvalidParameterCombination,
  InvalidParameterValue,
  MissingParameter,
} from '../../metrics/errors.js';
import type { MetricDatum } from '../../metrics/metric-service.js';
import { sortDimensions, type Dimension } from '../../metrics/metric-key.js';
import { parseExtendedStatistic, statValue, type Stat } from '../../metrics/statistics.js';
import { decodeToken, encodeToken, isString, type CloudWatchContext } from './context.js';
import { alignStart, checkDatapointLimit, checkQueryPeriod, checkTimeRange } from './periods.js';
import type { Input } from './schemas.js';
import { WireMap, type Output } from '../operation.js';

const MAX_DATUMS = 1000;
const MAX_VALUES = 150;
const TWO_WEEKS_S = 14 * 86_400;

function dims(list: readonly { Name: string; Value: string }[] | undefined): Dimension[] {
  return (list ?? []).map((d) => ({ name: d.Name, value: d.Value }));
}

function wireDims(list: readonly Dimension[]): { Name: string; Value: string }[] {
  return list.map((d) => ({ Name: d.name, Value: d.value }));
}

/** PutMetricData (CloudWatch API Reference). Datum errors name members as `MetricData.member.N`, even over JSON [V-AWS]. */
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
  // Acknowledged only once stored: a crash right after the answer keeps the datums.
  return ctx.metrics.putDurably(datums).then(() => undefined);
}

function parseExtended(names: readonly string[], member: string): Stat[] {
  return names.map((name) => {
    const stat = parseExtendedStatistic(name);
    if (!stat) throw new InvalidParameterValue(`The value ${name} for parameter ${member} is not supported.`);
    return stat;
  });
}

/** GetMetricStatistics (CloudWatch API Reference): one datapoint per period and unit, with only the requested statistics. */
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
