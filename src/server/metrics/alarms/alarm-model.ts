import type { MetricId } from '../metric-key.js';
import type { SimpleStatistic } from '../statistics.js';

/** In the order AWS lists them in validation messages. */
export const STATE_VALUES = ['INSUFFICIENT_DATA', 'ALARM', 'OK'] as const;
export type StateValue = (typeof STATE_VALUES)[number];

export const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** The operators that compare with a static threshold; the others need an anomaly band. */
export const THRESHOLD_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

export const TREAT_MISSING_DATA = ['missing', 'ignore', 'breaching', 'notBreaching'] as const;
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];

export const LOW_SAMPLE_COUNT_MODES = ['evaluate', 'ignore'] as const;
export type LowSampleCountMode = (typeof LOW_SAMPLE_COUNT_MODES)[number];

/** A metric alarm as PutMetricAlarm configured it (CloudWatch API Reference, PutMetricAlarm). Optional members are absent unless set. */
export interface AlarmConfig {
  name: string;
  description?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  metric: MetricId;
  statistic?: SimpleStatistic;
  extendedStatistic?: string;
  /** Seconds: 10, 20, 30 or a multiple of 60. */
  period: number;
  unit?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator: ThresholdOperator;
  treatMissingData?: TreatMissingData;
  evaluateLowSampleCountPercentile?: LowSampleCountMode;
  tags: { key: string; value: string }[];
}

export interface AlarmState {
  value: StateValue;
  reason: string;
  /** JSON text, as StateReasonData is on the wire. */
  reasonData?: string;
  /** When value or reason last changed (ms). */
  updatedAt: number;
  /** When value last changed (ms). */
  transitionedAt: number;
}

export interface AlarmRecord {
  arn: string;
  config: AlarmConfig;
  /** ms */
  configUpdatedAt: number;
  state: AlarmState;
}

export type HistoryItemType = 'ConfigurationUpdate' | 'StateUpdate' | 'Action';

export interface AlarmHistoryItem {
  alarmName: string;
  /** ms */
  timestamp: number;
  type: HistoryItemType;
  summary: string;
  /** JSON text. */
  data: string;
}

/** A history item as stored, with its position in the log (for paging). */
export interface StoredHistoryItem extends AlarmHistoryItem {
  id: number;
}
