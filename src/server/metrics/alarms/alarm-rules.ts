import {
  InvalidParameterCombination,
  InvalidParameterValue,
  MissingParameter,
  ValidationError,
} from '../errors.js';
import { sortDimensions, type Dimension } from '../metric-key.js';
import { parseExtendedStatistic, parseStat, type SimpleStatistic, type Stat } from '../statistics.js';
import {
  LOW_SAMPLE_COUNT_MODES,
  THRESHOLD_OPERATORS,
  TREAT_MISSING_DATA,
  type AlarmConfig,
  type ComparisonOperator,
  type LowSampleCountMode,
  type ThresholdOperator,
  type TreatMissingData,
} from './alarm-model.js';
import type { AlarmRule } from './evaluate.js';

/** PutMetricAlarm's input after the wire shape has been checked, before CloudWatch's own rules. */
export interface AlarmInput {
  name: string;
  description?: string;
  actionsEnabled?: boolean;
  okActions?: string[];
  alarmActions?: string[];
  insufficientDataActions?: string[];
  metricName?: string;
  namespace?: string;
  statistic?: SimpleStatistic;
  extendedStatistic?: string;
  dimensions?: Dimension[];
  period?: number;
  unit?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparisonOperator: ComparisonOperator;
  treatMissingData?: string;
  evaluateLowSampleCountPercentile?: string;
  /** Metric math (`Metrics`) was given. */
  metricMath: boolean;
  thresholdMetricId?: string;
  tags?: { key: string; value: string }[];
}

const DAY_S = 86_400;
const WEEK_S = 7 * DAY_S;

export function isValidAlarmPeriod(period: number): boolean {
  return period === 10 || period === 20 || period === 30 || (period >= 60 && period % 60 === 0);
}

/** Webhook URLs are gradual's own kind of action; ARNs are accepted and kept, but not acted on. */
export function isWebhookAction(action: string): boolean {
  return /^https?:\/\//i.test(action);
}

function checkActions(member: string, actions: readonly string[]): void {
  for (const action of actions) {
    if (action.startsWith('arn:') || isWebhookAction(action)) continue;
    throw new InvalidParameterValue(
      `The value ${action} for parameter ${member} is invalid: use an ARN or an http(s) webhook URL.`,
    );
  }
}

function required<T>(value: T | undefined, member: string): T {
  if (value === undefined) throw new MissingParameter(`The parameter ${member} is required.`);
  return value;
}

/**
 * CloudWatch's rules for a metric alarm (CloudWatch API Reference, PutMetricAlarm), beyond the wire shape. Messages marked [V]
 * are AWS's; the others follow its style (not yet checked against AWS).
 */
export function decideAlarmConfig(input: AlarmInput): AlarmConfig {
  if (input.metricMath || input.thresholdMetricId !== undefined) {
    throw new InvalidParameterValue(
      'gradual does not support metric math alarms (Metrics, ThresholdMetricId); use MetricName, Namespace and Statistic or ExtendedStatistic.',
    );
  }
  if (!(THRESHOLD_OPERATORS as readonly string[]).includes(input.comparisonOperator)) {
    throw new InvalidParameterValue(
      `The comparison operator ${input.comparisonOperator} is only valid for anomaly detection alarms, which gradual does not support.`,
    );
  }
  if (input.statistic !== undefined && input.extendedStatistic !== undefined) {
    throw new InvalidParameterCombination(
      'The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both.',
    );
  }
  if (input.statistic === undefined && input.extendedStatistic === undefined) {
    throw new InvalidParameterCombination(
      'Exactly one of the parameters Statistic and ExtendedStatistic must be specified.',
    );
  }
  if (input.extendedStatistic !== undefined && !parseExtendedStatistic(input.extendedStatistic)) {
    // [V: moto] wording
    throw new InvalidParameterValue(
      `The value ${input.extendedStatistic} for parameter ExtendedStatistic is not supported.`,
    );
  }
  const metricName = required(input.metricName, 'MetricName');
  const namespace = required(input.namespace, 'Namespace');
  const period = required(input.period, 'Period');
  const threshold = required(input.threshold, 'Threshold');
  if (!isValidAlarmPeriod(period)) {
    throw new InvalidParameterValue('Period must be 10, 20, 30 or a multiple of 60');
  }
  const window = period * input.evaluationPeriods;
  if (period < 3600 && window > DAY_S) {
    throw new ValidationError(
      `Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= ${DAY_S})`,
    );
  }
  if (window > WEEK_S) {
    throw new ValidationError(
      `Metrics cannot be checked across more than 7 days (EvaluationPeriods * Period must be <= ${WEEK_S})`,
    );
  }
  if (input.datapointsToAlarm !== undefined && input.datapointsToAlarm > input.evaluationPeriods) {
    throw new ValidationError('DatapointsToAlarm must be less than or equal to EvaluationPeriods');
  }
  const treatMissingData = input.treatMissingData;
  if (
    treatMissingData !== undefined &&
    !(TREAT_MISSING_DATA as readonly string[]).includes(treatMissingData)
  ) {
    throw new ValidationError(
      `Option ${treatMissingData} is not supported. Supported options for parameter TreatMissingData are: missing, ignore, breaching and notBreaching.`,
    );
  }
  const lowSample = input.evaluateLowSampleCountPercentile;
  if (lowSample !== undefined && !(LOW_SAMPLE_COUNT_MODES as readonly string[]).includes(lowSample)) {
    throw new ValidationError(
      `Option ${lowSample} is not supported. Supported options for parameter EvaluateLowSampleCountPercentile are: evaluate and ignore.`,
    );
  }
  const okActions = input.okActions ?? [];
  const alarmActions = input.alarmActions ?? [];
  const insufficientDataActions = input.insufficientDataActions ?? [];
  checkActions('OKActions', okActions);
  checkActions('AlarmActions', alarmActions);
  checkActions('InsufficientDataActions', insufficientDataActions);
  const names = new Set<string>();
  for (const d of input.dimensions ?? []) {
    if (names.has(d.name))
      throw new InvalidParameterValue(`The dimension ${d.name} is specified more than once.`);
    names.add(d.name);
  }

  const config: AlarmConfig = {
    name: input.name,
    actionsEnabled: input.actionsEnabled ?? true,
    okActions,
    alarmActions,
    insufficientDataActions,
    metric: { namespace, metricName, dimensions: input.dimensions ?? [] },
    period,
    evaluationPeriods: input.evaluationPeriods,
    threshold,
    comparisonOperator: input.comparisonOperator as ThresholdOperator,
    tags: input.tags ?? [],
  };
  if (input.description !== undefined) config.description = input.description;
  if (input.statistic !== undefined) config.statistic = input.statistic;
  if (input.extendedStatistic !== undefined) config.extendedStatistic = input.extendedStatistic;
  if (input.unit !== undefined) config.unit = input.unit;
  if (input.datapointsToAlarm !== undefined) config.datapointsToAlarm = input.datapointsToAlarm;
  if (treatMissingData !== undefined) config.treatMissingData = treatMissingData as TreatMissingData;
  if (lowSample !== undefined) config.evaluateLowSampleCountPercentile = lowSample as LowSampleCountMode;
  return config;
}

/** The statistic an alarm evaluates. */
export function alarmStat(config: AlarmConfig): Stat {
  const stat = parseStat(config.statistic ?? config.extendedStatistic ?? '');
  if (!stat) throw new Error(`alarm ${config.name} has no usable statistic`);
  return stat;
}

/** What evaluation needs, with CloudWatch's defaults filled in. */
export function alarmRule(config: AlarmConfig): AlarmRule {
  const rule: AlarmRule = {
    period: config.period,
    evaluationPeriods: config.evaluationPeriods,
    datapointsToAlarm: config.datapointsToAlarm ?? config.evaluationPeriods,
    threshold: config.threshold,
    operator: config.comparisonOperator,
    treatMissingData: config.treatMissingData ?? 'missing',
    stat: alarmStat(config),
    lowSampleCount: config.evaluateLowSampleCountPercentile ?? 'evaluate',
  };
  if (config.unit !== undefined) rule.unit = config.unit;
  return rule;
}

/** DescribeAlarmsForMetric: the same metric, exact on the dimension set. */
export function sameMetric(
  config: AlarmConfig,
  namespace: string,
  metricName: string,
  dimensions: readonly Dimension[],
): boolean {
  if (config.metric.namespace !== namespace || config.metric.metricName !== metricName) return false;
  const a = sortDimensions(config.metric.dimensions);
  const b = sortDimensions(dimensions);
  return a.length === b.length && a.every((d, i) => d.name === b[i]!.name && d.value === b[i]!.value);
}
