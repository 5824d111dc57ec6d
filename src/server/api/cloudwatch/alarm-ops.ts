import { decideAlarmConfig, sameMetric } from '../../metrics/alarms/alarm-rules.js';
import type { AlarmRecord } from '../../metrics/alarms/alarm-model.js';
import { decodeToken, encodeToken, isNumber, isString, type CloudWatchContext } from './context.js';
import { wireAlarm, wireHistoryItem } from './alarm-wire.js';
import { ResourceNotFound } from '../../metrics/errors.js';
import type { Input } from './schemas.js';
import type { Output } from '../operation.js';

function dims(list: readonly { Name: string; Value: string }[] | undefined) {
  return (list ?? []).map((d) => ({ name: d.Name, value: d.Value }));
}

/** PutMetricAlarm (CloudWatch API Reference): create, or overwrite the whole configuration keeping the state. */
export async function putMetricAlarm(
  input: Input<'PutMetricAlarm'>,
  ctx: CloudWatchContext,
): Promise<undefined> {
  const config = decideAlarmConfig({
    name: input.AlarmName,
    description: input.AlarmDescription,
    actionsEnabled: input.ActionsEnabled,
    okActions: input.OKActions,
    alarmActions: input.AlarmActions,
    insufficientDataActions: input.InsufficientDataActions,
    metricName: input.MetricName,
    namespace: input.Namespace,
    statistic: input.Statistic,
    extendedStatistic: input.ExtendedStatistic,
    dimensions: input.Dimensions ? dims(input.Dimensions) : undefined,
    period: input.Period,
    unit: input.Unit,
    evaluationPeriods: input.EvaluationPeriods,
    datapointsToAlarm: input.DatapointsToAlarm,
    threshold: input.Threshold,
    comparisonOperator: input.ComparisonOperator,
    treatMissingData: input.TreatMissingData,
    evaluateLowSampleCountPercentile: input.EvaluateLowSampleCountPercentile,
    metricMath: input.Metrics !== undefined && input.Metrics.length > 0,
    thresholdMetricId: input.ThresholdMetricId,
    tags: input.Tags?.map((t) => ({ key: t.Key, value: t.Value })),
  });
  await ctx.alarms.put(config);
  return undefined;
}

function includesMetricAlarms(types: readonly string[] | undefined): boolean {
  return types === undefined || types.length === 0 || types.includes('MetricAlarm');
}

/** DescribeAlarms (CloudWatch API Reference): unknown names give empty lists; composite alarms do not exist here. */
export function describeAlarms(input: Input<'DescribeAlarms'>, ctx: CloudWatchContext): Promise<Output> {
  const after = decodeToken(input.NextToken, isString);
  const compositeOnly = input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined;
  let alarms: AlarmRecord[] =
    includesMetricAlarms(input.AlarmTypes) && !compositeOnly ? ctx.alarms.all() : [];
  const names = input.AlarmNames && input.AlarmNames.length > 0 ? new Set(input.AlarmNames) : undefined;
  alarms = alarms.filter(
    (a) =>
      (!names || names.has(a.config.name)) &&
      (input.AlarmNamePrefix === undefined || a.config.name.startsWith(input.AlarmNamePrefix)) &&
      (input.StateValue === undefined || a.state.value === input.StateValue) &&
      (input.ActionPrefix === undefined ||
        [...a.config.alarmActions, ...a.config.okActions, ...a.config.insufficientDataActions].some((x) =>
          x.startsWith(input.ActionPrefix!),
        )) &&
      (after === undefined || a.config.name > after),
  );
  const limit = input.MaxRecords ?? 50;
  const page = alarms.slice(0, limit);
  const output: Output = { MetricAlarms: page.map(wireAlarm), CompositeAlarms: [] };
  if (alarms.length > limit) output['NextToken'] = encodeToken(page[page.length - 1]!.config.name);
  return Promise.resolve(output);
}

/** DescribeAlarmsForMetric: the metric's alarms, matched exactly on the dimension set. */
export function describeAlarmsForMetric(
  input: Input<'DescribeAlarmsForMetric'>,
  ctx: CloudWatchContext,
): Promise<Output> {
  const dimensions = dims(input.Dimensions);
  const alarms = ctx.alarms
    .all()
    .filter(
      (a) =>
        sameMetric(a.config, input.Namespace, input.MetricName, dimensions) &&
        (input.Statistic === undefined || a.config.statistic === input.Statistic) &&
        (input.ExtendedStatistic === undefined || a.config.extendedStatistic === input.ExtendedStatistic) &&
        (input.Period === undefined || a.config.period === input.Period) &&
        (input.Unit === undefined || a.config.unit === input.Unit),
    );
  return Promise.resolve({ MetricAlarms: alarms.map(wireAlarm) });
}

export async function deleteAlarms(input: Input<'DeleteAlarms'>, ctx: CloudWatchContext): Promise<undefined> {
  await ctx.alarms.delete(input.AlarmNames);
  return undefined;
}

/** ListTagsForResource: the tags PutMetricAlarm set on an alarm, found by its ARN. */
export function listTagsForResource(
  input: Input<'ListTagsForResource'>,
  ctx: CloudWatchContext,
): Promise<Output> {
  const alarm = ctx.alarms.all().find((a) => a.arn === input.ResourceARN);
  if (!alarm) return Promise.reject(new ResourceNotFound(`no alarm has the ARN ${input.ResourceARN}`));
  return Promise.resolve({ Tags: alarm.config.tags.map((t) => ({ Key: t.key, Value: t.value })) });
}

/** SetAlarmState (CloudWatch API Reference). */
export async function setAlarmState(
  input: Input<'SetAlarmState'>,
  ctx: CloudWatchContext,
): Promise<undefined> {
  await ctx.alarms.setState(input.AlarmName, {
    value: input.StateValue,
    reason: input.StateReason,
    reasonData: input.StateReasonData,
  });
  return undefined;
}

export async function enableAlarmActions(
  input: Input<'EnableAlarmActions'>,
  ctx: CloudWatchContext,
): Promise<undefined> {
  await ctx.alarms.setActionsEnabled(input.AlarmNames, true);
  return undefined;
}

export async function disableAlarmActions(
  input: Input<'DisableAlarmActions'>,
  ctx: CloudWatchContext,
): Promise<undefined> {
  await ctx.alarms.setActionsEnabled(input.AlarmNames, false);
  return undefined;
}

/** DescribeAlarmHistory: newest first unless ScanBy=TimestampAscending. */
export async function describeAlarmHistory(
  input: Input<'DescribeAlarmHistory'>,
  ctx: CloudWatchContext,
): Promise<Output> {
  const after = decodeToken(input.NextToken, isNumber);
  if (!includesMetricAlarms(input.AlarmTypes)) return { AlarmHistoryItems: [] };
  const limit = input.MaxRecords ?? 100;
  const type = input.HistoryItemType;
  if (type !== undefined && type !== 'ConfigurationUpdate' && type !== 'StateUpdate' && type !== 'Action') {
    return { AlarmHistoryItems: [] };
  }
  const items = await ctx.alarms.history({
    alarmName: input.AlarmName,
    type,
    from: input.StartDate,
    to: input.EndDate,
    ascending: input.ScanBy === 'TimestampAscending',
    after,
    limit: limit + 1,
  });
  const page = items.slice(0, limit);
  const output: Output = { AlarmHistoryItems: page.map(wireHistoryItem) };
  if (items.length > limit) output['NextToken'] = encodeToken(page[page.length - 1]!.id);
  return output;
}
