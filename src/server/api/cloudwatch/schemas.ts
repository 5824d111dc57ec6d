import { z } from 'zod';
import { COMPARISON_OPERATORS, STATE_VALUES } from '../../metrics/alarms/alarm-model.js';
import { SIMPLE_STATISTICS } from '../../metrics/statistics.js';
import { awsEnum, awsString } from '../validation.js';
import type { Leaves } from '../protocols/leaves.js';

export const STANDARD_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

// Member constraints from the CloudWatch model (botocore service-2.json).
const namespace = () => awsString({ min: 1, max: 255, pattern: '[^:].*' });
const metricName = () => awsString({ min: 1, max: 255 });
const alarmName = () => awsString({ min: 1, max: 255 });
const unit = () => awsEnum(STANDARD_UNITS);
const statistic = () => awsEnum(SIMPLE_STATISTICS);
const dimension = () =>
  z.object({ Name: awsString({ min: 1, max: 255 }), Value: awsString({ min: 1, max: 1024 }) });

/** Each operation's input, written once for both protocols (see Leaves). */
export function inputSchemas(t: Leaves) {
  const dimensions = () => t.list(dimension(), { max: 30 });
  const alarmNames = () => t.list(alarmName(), { max: 100 });
  const actions = () => t.list(awsString({ min: 1, max: 1024 }), { max: 5 });
  const metricStat = z.object({
    Metric: z.object({
      Namespace: namespace().optional(),
      MetricName: metricName().optional(),
      Dimensions: dimensions().optional(),
    }),
    Period: t.int({ min: 1 }),
    Stat: z.string(),
    Unit: unit().optional(),
  });
  return {
    PutMetricData: z.object({
      Namespace: namespace(),
      MetricData: t
        .list(
          z.object({
            MetricName: metricName(),
            Dimensions: dimensions().optional(),
            Timestamp: t.timestamp().optional(),
            Value: t.double().optional(),
            StatisticValues: z
              .object({ SampleCount: t.double(), Sum: t.double(), Minimum: t.double(), Maximum: t.double() })
              .optional(),
            Values: t.list(t.double()).optional(),
            Counts: t.list(t.double()).optional(),
            Unit: unit().optional(),
            StorageResolution: t.int({ min: 1 }).optional(),
          }),
        )
        .optional(),
    }),
    GetMetricStatistics: z.object({
      Namespace: namespace(),
      MetricName: metricName(),
      Dimensions: dimensions().optional(),
      StartTime: t.timestamp(),
      EndTime: t.timestamp(),
      Period: t.int({ min: 1 }),
      Statistics: t.list(statistic(), { min: 1, max: 5 }).optional(),
      ExtendedStatistics: t.list(z.string(), { min: 1, max: 10 }).optional(),
      Unit: unit().optional(),
    }),
    GetMetricData: z.object({
      MetricDataQueries: t.list(
        z.object({
          Id: awsString({ min: 1, max: 255 }),
          MetricStat: metricStat.optional(),
          Expression: awsString({ min: 1, max: 2048 }).optional(),
          Label: z.string().optional(),
          ReturnData: t.bool().optional(),
          Period: t.int({ min: 1 }).optional(),
          AccountId: z.string().optional(),
        }),
      ),
      StartTime: t.timestamp(),
      EndTime: t.timestamp(),
      NextToken: z.string().optional(),
      ScanBy: awsEnum(['TimestampDescending', 'TimestampAscending']).optional(),
      MaxDatapoints: t.int().optional(),
    }),
    ListMetrics: z.object({
      Namespace: namespace().optional(),
      MetricName: metricName().optional(),
      Dimensions: t
        .list(
          z.object({
            Name: awsString({ min: 1, max: 255 }),
            Value: awsString({ min: 1, max: 1024 }).optional(),
          }),
          { max: 10 },
        )
        .optional(),
      NextToken: z.string().optional(),
      RecentlyActive: awsEnum(['PT3H']).optional(),
    }),
    PutMetricAlarm: z.object({
      AlarmName: alarmName(),
      AlarmDescription: awsString({ min: 0, max: 1024 }).optional(),
      ActionsEnabled: t.bool().optional(),
      OKActions: actions().optional(),
      AlarmActions: actions().optional(),
      InsufficientDataActions: actions().optional(),
      MetricName: metricName().optional(),
      Namespace: namespace().optional(),
      Statistic: statistic().optional(),
      ExtendedStatistic: z.string().optional(),
      Dimensions: dimensions().optional(),
      Period: t.int({ min: 1 }).optional(),
      Unit: unit().optional(),
      EvaluationPeriods: t.int({ min: 1 }),
      DatapointsToAlarm: t.int({ min: 1 }).optional(),
      Threshold: t.double().optional(),
      ComparisonOperator: awsEnum(COMPARISON_OPERATORS),
      TreatMissingData: awsString({ min: 1, max: 255 }).optional(),
      EvaluateLowSampleCountPercentile: awsString({ min: 1, max: 255 }).optional(),
      Metrics: t.list(z.unknown()).optional(),
      Tags: t
        .list(z.object({ Key: awsString({ min: 1, max: 128 }), Value: awsString({ min: 0, max: 256 }) }))
        .optional(),
      ThresholdMetricId: awsString({ min: 1, max: 255 }).optional(),
    }),
    DescribeAlarms: z.object({
      AlarmNames: alarmNames().optional(),
      AlarmNamePrefix: awsString({ min: 1, max: 255 }).optional(),
      AlarmTypes: t.list(awsEnum(['CompositeAlarm', 'MetricAlarm'])).optional(),
      ChildrenOfAlarmName: alarmName().optional(),
      ParentsOfAlarmName: alarmName().optional(),
      StateValue: awsEnum(STATE_VALUES).optional(),
      ActionPrefix: awsString({ min: 1, max: 1024 }).optional(),
      MaxRecords: t.int({ min: 1, max: 100 }).optional(),
      NextToken: z.string().optional(),
    }),
    DescribeAlarmsForMetric: z.object({
      MetricName: metricName(),
      Namespace: namespace(),
      Statistic: statistic().optional(),
      ExtendedStatistic: z.string().optional(),
      Dimensions: dimensions().optional(),
      Period: t.int({ min: 1 }).optional(),
      Unit: unit().optional(),
    }),
    DeleteAlarms: z.object({ AlarmNames: alarmNames() }),
    ListTagsForResource: z.object({ ResourceARN: awsString({ min: 1, max: 1024 }) }),
    SetAlarmState: z.object({
      AlarmName: alarmName(),
      StateValue: awsEnum(STATE_VALUES),
      StateReason: awsString({ min: 0, max: 1023 }),
      StateReasonData: awsString({ min: 0, max: 4000 }).optional(),
    }),
    DescribeAlarmHistory: z.object({
      AlarmName: alarmName().optional(),
      AlarmTypes: t.list(awsEnum(['CompositeAlarm', 'MetricAlarm'])).optional(),
      HistoryItemType: awsEnum([
        'ConfigurationUpdate',
        'StateUpdate',
        'Action',
        'AlarmContributorStateUpdate',
        'AlarmContributorAction',
      ]).optional(),
      StartDate: t.timestamp().optional(),
      EndDate: t.timestamp().optional(),
      MaxRecords: t.int({ min: 1, max: 100 }).optional(),
      NextToken: z.string().optional(),
      ScanBy: awsEnum(['TimestampDescending', 'TimestampAscending']).optional(),
    }),
    EnableAlarmActions: z.object({ AlarmNames: alarmNames() }),
    DisableAlarmActions: z.object({ AlarmNames: alarmNames() }),
  };
}

export type InputSchemas = ReturnType<typeof inputSchemas>;
export type OperationName = keyof InputSchemas;
export type Input<Op extends OperationName> = z.output<InputSchemas[Op]>;
