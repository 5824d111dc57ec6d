import type { Stat } from '../statistics.js';
import type { LowSampleCountMode, StateValue, ThresholdOperator, TreatMissingData } from './alarm-model.js';
import { crossingReason, noDataReason, reasonDataJson, type ReasonPoint } from './reason.js';

/** What evaluation needs to know about an alarm. */
export interface AlarmRule {
  /** Seconds. */
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  operator: ThresholdOperator;
  treatMissingData: TreatMissingData;
  stat: Stat;
  unit?: string;
  lowSampleCount: LowSampleCountMode;
}

/** The alarm's statistic over one period. */
export interface PeriodDatapoint {
  /** Period start, ms, aligned to the period. */
  timestamp: number;
  value: number;
  sampleCount: number;
}

export interface EvaluationInput {
  rule: AlarmRule;
  /** Datapoints of the last periods, including the current, incomplete one if it has data. */
  datapoints: readonly PeriodDatapoint[];
  /** ms */
  now: number;
}

export type Evaluation =
  { kind: 'keep'; why: string } | { kind: 'set'; state: StateValue; reason: string; reasonData: string };

export function breaches(operator: ThresholdOperator, value: number, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

/**
 * Whether a breach seen in an incomplete period can only get worse as the period fills: a Sum,
 * count or Maximum above the threshold, a Minimum below it. Averages and percentiles are taken
 * as they stand; a Sum below its threshold early in a period proves nothing and waits.
 */
export function earlyBreachCounts(stat: Stat, operator: ThresholdOperator): boolean {
  const upward = operator.startsWith('Greater');
  if (stat.kind === 'percentile') return true;
  switch (stat.name) {
    case 'Sum':
    case 'SampleCount':
    case 'Maximum':
      return upward;
    case 'Minimum':
      return !upward;
    case 'Average':
      return true;
  }
}

/** Samples a percentile needs before it means anything: 100 for p99, 1000 for p99.9. */
export function minimumSamples(quantile: number): number {
  const tail = Math.min(quantile, 1 - quantile);
  return tail <= 0 ? 1 : Math.ceil(1 / tail - 1e-9);
}

interface Slot {
  timestamp: number;
  point: PeriodDatapoint | undefined;
}

/**
 * CloudWatch's alarm evaluation as a pure function (CloudWatch User Guide, evaluating an alarm). The window is the last
 * EvaluationPeriods complete periods; when the period in progress already breaches (and more data
 * cannot undo that, see earlyBreachCounts) it joins the window as its newest slot, which is how an
 * alarm enters ALARM within a second of the datapoint instead of at the period's end. Leaving
 * ALARM always waits for complete periods.
 *
 * M of N: ALARM when at least DatapointsToAlarm slots breach. Missing slots count as breaching
 * (`breaching`), within the threshold (`notBreaching`), or not at all (`missing`, `ignore`); an
 * all-missing window gives INSUFFICIENT_DATA (`missing`) or keeps the state (`ignore`). With
 * `missing`/`ignore`, the premature-alarm rule also gives ALARM when the oldest breaching
 * datapoint is at least M periods old and nothing newer is within the threshold.
 */
export function evaluateAlarm({ rule, datapoints, now }: EvaluationInput): Evaluation {
  const periodMs = rule.period * 1000;
  const n = rule.evaluationPeriods;
  const m = Math.min(rule.datapointsToAlarm, n);
  const current = Math.floor(now / periodMs) * periodMs;
  const byTime = new Map(datapoints.map((d) => [d.timestamp, d]));
  const breach = (p: PeriodDatapoint): boolean => breaches(rule.operator, p.value, rule.threshold);

  const partial = byTime.get(current);
  const newest =
    partial && breach(partial) && earlyBreachCounts(rule.stat, rule.operator) ? current : current - periodMs;
  const slots: Slot[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const timestamp = newest - i * periodMs;
    slots.push({ timestamp, point: byTime.get(timestamp) });
  }
  const present = slots.filter((s): s is Slot & { point: PeriodDatapoint } => s.point !== undefined);

  if (
    rule.stat.kind === 'percentile' &&
    rule.lowSampleCount === 'ignore' &&
    present.some((s) => s.point.sampleCount < minimumSamples((rule.stat as { quantile: number }).quantile))
  ) {
    return {
      kind: 'keep',
      why: 'too few samples for the percentile (EvaluateLowSampleCountPercentile=ignore)',
    };
  }

  const reasonData = reasonDataJson({
    queryDate: now,
    startDate: present.length > 0 ? slots[0]!.timestamp : undefined,
    unit: rule.unit,
    statistic: {
      key: rule.stat.kind === 'simple' ? 'statistic' : 'extendedStatistic',
      value: rule.stat.name,
    },
    period: rule.period,
    threshold: rule.threshold,
    recent: present.map((s) => s.point.value),
    evaluated: [...slots].reverse().map((s) => ({
      timestamp: s.timestamp,
      sampleCount: s.point?.sampleCount,
      value: s.point?.value,
    })),
  });

  const treat = rule.treatMissingData;
  if (present.length === 0) {
    switch (treat) {
      case 'ignore':
        return { kind: 'keep', why: 'no datapoints and TreatMissingData=ignore' };
      case 'missing':
        return {
          kind: 'set',
          state: 'INSUFFICIENT_DATA',
          reason: noDataReason('INSUFFICIENT_DATA', n, treat),
          reasonData,
        };
      case 'breaching':
        return { kind: 'set', state: 'ALARM', reason: noDataReason('ALARM', n, treat), reasonData };
      case 'notBreaching':
        return { kind: 'set', state: 'OK', reason: noDataReason('OK', n, treat), reasonData };
    }
  }

  const missing = n - present.length;
  const breachingPresent = present.filter((s) => breach(s.point));
  const withinPresent = present.filter((s) => !breach(s.point));
  const missingBreach = treat === 'breaching' ? missing : 0;
  const alarm = breachingPresent.length + missingBreach >= m || prematureAlarm(slots, breach, m, treat);
  const newestFirst = (list: typeof present): ReasonPoint[] =>
    [...list].reverse().map((s) => ({ timestamp: s.timestamp, value: s.point.value }));
  const reason = crossingReason({
    state: alarm ? 'ALARM' : 'OK',
    points: newestFirst(alarm ? breachingPresent : withinPresent),
    evaluationPeriods: n,
    datapointsToAlarm: m,
    threshold: rule.threshold,
    operator: rule.operator,
    missingCounted: (alarm && treat === 'breaching') || (!alarm && treat === 'notBreaching') ? missing : 0,
    treat,
  });
  return { kind: 'set', state: alarm ? 'ALARM' : 'OK', reason, reasonData };
}

/**
 * CloudWatch avoids premature transitions by going to ALARM when the oldest available breaching
 * datapoint is at least M periods old and every newer datapoint is breaching or missing, even
 * with fewer than M datapoints. Only for `missing` and `ignore`.
 */
function prematureAlarm(
  slots: readonly Slot[],
  breach: (p: PeriodDatapoint) => boolean,
  m: number,
  treat: TreatMissingData,
): boolean {
  if (treat !== 'missing' && treat !== 'ignore') return false;
  const oldest = slots.findIndex((s) => s.point !== undefined && breach(s.point));
  if (oldest < 0 || slots.length - oldest < m) return false;
  return slots.slice(oldest + 1).every((s) => s.point === undefined || breach(s.point));
}
