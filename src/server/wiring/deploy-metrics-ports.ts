import type { Clock } from '../../common/clock.js';
import type { AlarmService } from '../metrics/alarms/alarm-service.js';
import type { AlarmEvents } from '../metrics/alarms/alarm-events.js';
import { LAMBDA_NAMESPACE, LambdaMetric, resourceOf } from '../metrics/lambda-dimensions.js';
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
 * Invocations of one version through an alias, from the `AWS/Lambda` `Invocations` metric under
 * FunctionName + Resource + ExecutedVersion, at one-second resolution.
 */
export function metricTraffic(metrics: MetricService, clock: Clock): TrafficPort {
  return {
    async invocations(functionName, alias, version, since) {
      const start = Math.floor(since / 1000);
      const end = Math.floor(clock.now() / 1000) + 1;
      const buckets = await metrics.statistics({
        metric: {
          namespace: LAMBDA_NAMESPACE,
          metricName: LambdaMetric.Invocations,
          dimensions: [
            { name: 'FunctionName', value: functionName },
            { name: 'Resource', value: resourceOf(functionName, alias) },
            { name: 'ExecutedVersion', value: version },
          ],
        },
        start,
        end,
        period: 1,
        withPercentiles: false,
      });
      return buckets.reduce((total, bucket) => total + bucket.dist.sum, 0);
    },
  };
}
