import type { Clock } from '../../common/clock.js';
import type { AlarmService } from '../metrics/alarms/alarm-service.js';
import type { AlarmEvents } from '../metrics/alarms/alarm-events.js';
import { LAMBDA_NAMESPACE, LambdaMetric, resourceOf } from '../metrics/lambda-dimensions.js';
import { Distribution } from '../metrics/distribution.js';
import type { MetricId } from '../metrics/metric-key.js';
import type { MetricService } from '../metrics/metric-service.js';
import type { AlarmPort, TrafficPort } from '../deployments/ports.js';

/** Alarm states and changes, from gradual's CloudWatch alarms. */
export function metricAlarms(alarms: AlarmService, events: AlarmEvents): AlarmPort {
  return {
    states: (names) =>
      Promise.resolve(Object.fromEntries(names.map((name) => [name, alarms.stateOf(name)?.value]))),
    onChange: (listener) => events.onStateChange((change) => listener(change.alarmName)),
  };
}

/**
 * One version's traffic through an alias, from the `AWS/Lambda` metrics under FunctionName +
 * Resource + ExecutedVersion at one-second resolution; and, for the judge, its errors, its
 * Duration sketch and the custom metrics the judge names.
 */
export function metricTraffic(metrics: MetricService, clock: Clock): TrafficPort {
  const viaAlias = (functionName: string, alias: string, version: string, metricName: string): MetricId => ({
    namespace: LAMBDA_NAMESPACE,
    metricName,
    dimensions: [
      { name: 'FunctionName', value: functionName },
      { name: 'Resource', value: resourceOf(functionName, alias) },
      { name: 'ExecutedVersion', value: version },
    ],
  });
  /** Everything recorded in [from, to) ms, merged; the second now running is included. */
  const total = async (metric: MetricId, from: number, to: number, withPercentiles: boolean) => {
    const start = Math.floor(from / 1000);
    const end = Math.floor(to / 1000) + (to >= clock.now() ? 1 : 0);
    const merged = new Distribution();
    if (end <= start) return merged;
    const buckets = await metrics.statistics({ metric, start, end, period: end - start, withPercentiles });
    for (const bucket of buckets) merged.merge(bucket.dist);
    return merged;
  };
  const counts = async (functionName: string, alias: string, version: string, from: number, to: number) => {
    const [invocations, errors] = await Promise.all([
      total(viaAlias(functionName, alias, version, LambdaMetric.Invocations), from, to, false),
      total(viaAlias(functionName, alias, version, LambdaMetric.Errors), from, to, false),
    ]);
    return { invocations: invocations.sum, errors: errors.sum };
  };
  return {
    async invocations(functionName, alias, version, since) {
      const d = await total(
        viaAlias(functionName, alias, version, LambdaMetric.Invocations),
        since,
        clock.now(),
        false,
      );
      return d.sum;
    },
    counts,
    async sample(functionName, alias, version, from, to, custom) {
      const [{ invocations, errors }, duration, ...values] = await Promise.all([
        counts(functionName, alias, version, from, to),
        total(viaAlias(functionName, alias, version, LambdaMetric.Duration), from, to, true),
        ...custom.map((m) =>
          total(
            {
              namespace: m.namespace,
              metricName: m.metricName,
              dimensions: [...m.dimensions, { name: m.versionDimension, value: version }],
            },
            from,
            to,
            true,
          ),
        ),
      ]);
      return {
        invocations,
        errors,
        duration,
        metrics: Object.fromEntries(custom.map((m, i) => [m.label, values[i]])),
      };
    },
  };
}
