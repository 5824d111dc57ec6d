import { describeAlarms, getMetricData } from '../../sdk/cloudwatch-api.js';
import type { Connection } from '../../sdk/connection.js';
import { deploymentView } from '../../sdk/deployments.js';
import { LAMBDA_NAMESPACE, LambdaMetric, resourceOf } from '../../../contracts/lambda-metrics.js';
import type { DeploymentView, VersionCounts } from './model.js';

/** Where the progress view's data comes from: gradual's deployment view, CloudWatch alarms and metrics. */

export function readDeployment(connection: Connection, id: string): Promise<DeploymentView> {
  return deploymentView(connection, id);
}

export async function alarmStates(connection: Connection, names: string[]): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  const out = await describeAlarms(connection, names);
  const states: Record<string, string> = {};
  for (const alarm of out.MetricAlarms ?? [])
    if (alarm.AlarmName) states[alarm.AlarmName] = alarm.StateValue ?? 'INSUFFICIENT_DATA';
  return states;
}

/**
 * Invocations and errors of each version behind the alias over the window ending at `endMs`
 * (platform time): AWS/Lambda Sum under FunctionName + Resource (the alias) + ExecutedVersion.
 */
export async function versionCounts(
  connection: Connection,
  q: {
    functionName: string;
    alias: string;
    current: string;
    target: string;
    endMs: number;
    windowMs: number;
  },
): Promise<{ current: VersionCounts; target: VersionCounts }> {
  const windowS = Math.max(60, Math.round(q.windowMs / 1000));
  const period = windowS <= 600 ? 10 : 60;
  const stat = (id: string, metric: string, version: string) => ({
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: LAMBDA_NAMESPACE,
        MetricName: metric,
        Dimensions: [
          { Name: 'FunctionName', Value: q.functionName },
          { Name: 'Resource', Value: resourceOf(q.functionName, q.alias) },
          { Name: 'ExecutedVersion', Value: version },
        ],
      },
      Period: period,
      Stat: 'Sum',
    },
  });
  const out = await getMetricData(connection, {
    MetricDataQueries: [
      stat('ci', LambdaMetric.Invocations, q.current),
      stat('ce', LambdaMetric.Errors, q.current),
      stat('ti', LambdaMetric.Invocations, q.target),
      stat('te', LambdaMetric.Errors, q.target),
    ],
    StartTime: new Date(q.endMs - windowS * 1000),
    EndTime: new Date(q.endMs + 1000),
  });
  const sum = (id: string): number =>
    (out.MetricDataResults ?? [])
      .filter((r) => r.Id === id)
      .flatMap((r) => r.Values ?? [])
      .reduce((a, b) => a + b, 0);
  return {
    current: { invocations: sum('ci'), errors: sum('ce') },
    target: { invocations: sum('ti'), errors: sum('te') },
  };
}

/**
 * Requests per second (platform time) on `function:alias` over the `windowMs` ending at `endMs`:
 * AWS/Lambda Invocations under FunctionName + Resource.
 */
export async function aliasRate(
  connection: Connection,
  q: { functionName: string; alias: string; endMs: number; windowMs: number },
): Promise<number> {
  const windowS = Math.max(60, Math.round(q.windowMs / 60_000) * 60);
  const out = await getMetricData(connection, {
    MetricDataQueries: [
      {
        Id: 'inv',
        MetricStat: {
          Metric: {
            Namespace: LAMBDA_NAMESPACE,
            MetricName: LambdaMetric.Invocations,
            Dimensions: [
              { Name: 'FunctionName', Value: q.functionName },
              { Name: 'Resource', Value: resourceOf(q.functionName, q.alias) },
            ],
          },
          Period: 60,
          Stat: 'Sum',
        },
      },
    ],
    StartTime: new Date(q.endMs - windowS * 1000),
    EndTime: new Date(q.endMs),
  });
  const total = (out.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
  return Number((total / windowS).toPrecision(3));
}
