import type { AlarmRecord, StoredHistoryItem } from '../../metrics/alarms/alarm-model.js';
import type { Output } from '../operation.js';

/** A MetricAlarm as DescribeAlarms returns it [V-AWS]: empty lists present, optional members only when set. */
export function wireAlarm(a: AlarmRecord): Output {
  const c = a.config;
  return {
    AlarmName: c.name,
    AlarmArn: a.arn,
    AlarmDescription: c.description,
    AlarmConfigurationUpdatedTimestamp: new Date(a.configUpdatedAt),
    ActionsEnabled: c.actionsEnabled,
    OKActions: c.okActions,
    AlarmActions: c.alarmActions,
    InsufficientDataActions: c.insufficientDataActions,
    StateValue: a.state.value,
    StateReason: a.state.reason,
    StateReasonData: a.state.reasonData,
    StateUpdatedTimestamp: new Date(a.state.updatedAt),
    MetricName: c.metric.metricName,
    Namespace: c.metric.namespace,
    Statistic: c.statistic,
    ExtendedStatistic: c.extendedStatistic,
    Dimensions: c.metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    Period: c.period,
    Unit: c.unit,
    EvaluationPeriods: c.evaluationPeriods,
    DatapointsToAlarm: c.datapointsToAlarm,
    Threshold: c.threshold,
    ComparisonOperator: c.comparisonOperator,
    TreatMissingData: c.treatMissingData,
    EvaluateLowSampleCountPercentile: c.evaluateLowSampleCountPercentile,
    StateTransitionedTimestamp: new Date(a.state.transitionedAt),
  };
}

export function wireHistoryItem(h: StoredHistoryItem): Output {
  return {
    AlarmName: h.alarmName,
    AlarmType: 'MetricAlarm',
    Timestamp: new Date(h.timestamp),
    HistoryItemType: h.type,
    HistorySummary: h.summary,
    HistoryData: h.data,
  };
}
