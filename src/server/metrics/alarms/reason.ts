import type { StateValue, ThresholdOperator, TreatMissingData } from './alarm-model.js';

/** Doubles as CloudWatch (Java) prints them: `1.0`, `21.5`, `1.0E7`. */
export function javaDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(n) ? `${n}.0` : String(n);
  const [mantissa = '0', exponent = '0'] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `26/10/23 16:42:00`: the datapoint dates in state reasons (UTC, day first) [V-AWS]. */
export function reasonDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `2023-10-26T16:42:00.000+0000`: dates inside StateReasonData and history data. */
export function reasonDataDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const OPERATOR_WORDS: Record<ThresholdOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

const MISSING_LABELS: Record<TreatMissingData, string> = {
  missing: 'Missing',
  ignore: 'Ignore',
  breaching: 'Breaching',
  notBreaching: 'NonBreaching',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export interface ReasonPoint {
  timestamp: number;
  value: number;
}

/** `Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].` */
export function noDataReason(state: StateValue, periods: number, treat: TreatMissingData): string {
  const prefix = state === 'INSUFFICIENT_DATA' ? 'Insufficient Data' : 'Threshold Crossed';
  return `${prefix}: no datapoints were received for ${plural(periods, 'period', 'periods')} and ${plural(periods, 'missing datapoint was', 'missing datapoints were')} treated as [${MISSING_LABELS[treat]}].`;
}

export interface CrossingReason {
  /** The new state: ALARM lists breaching datapoints, OK the ones within the threshold. */
  state: 'ALARM' | 'OK';
  /** Listed datapoints, newest first. */
  points: readonly ReasonPoint[];
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  operator: ThresholdOperator;
  /** Missing datapoints counted towards `state` (breaching / notBreaching modes). */
  missingCounted: number;
  treat: TreatMissingData;
}

/**
 * `Threshold Crossed: 1 datapoint [21.5 (26/10/23 16:42:00)] was greater than the threshold (2.0).`
 * [V-AWS] for one-period alarms; longer windows say `k out of the last N datapoints [...]` and the
 * minimum count for the transition, in CloudWatch's style.
 */
export function crossingReason(r: CrossingReason): string {
  const list = r.points.map((p) => `${javaDouble(p.value)} (${reasonDate(p.timestamp)})`).join(', ');
  const words = `${r.state === 'OK' ? 'not ' : ''}${OPERATOR_WORDS[r.operator]}`;
  const threshold = `the threshold (${javaDouble(r.threshold)})`;
  const k = r.points.length;
  const missing =
    r.missingCounted > 0
      ? ` and ${plural(r.missingCounted, 'missing datapoint was', 'missing datapoints were')} treated as [${MISSING_LABELS[r.treat]}]`
      : '';
  if (r.evaluationPeriods === 1 && k === 1) {
    return `Threshold Crossed: 1 datapoint [${list}] was ${words} ${threshold}.`;
  }
  const minimum =
    r.state === 'ALARM'
      ? `${plural(r.datapointsToAlarm, 'datapoint', 'datapoints')} for OK -> ALARM transition`
      : `${plural(r.evaluationPeriods - r.datapointsToAlarm + 1, 'datapoint', 'datapoints')} for ALARM -> OK transition`;
  return `Threshold Crossed: ${k} out of the last ${r.evaluationPeriods} datapoints [${list}] ${k === 1 ? 'was' : 'were'} ${words} ${threshold}${missing} (minimum ${minimum}).`;
}

export interface ReasonData {
  queryDate: number;
  startDate?: number;
  unit?: string;
  statistic: { key: 'statistic' | 'extendedStatistic'; value: string };
  period: number;
  threshold: number;
  /** Values present in the window, oldest first. */
  recent: readonly number[];
  /** Every slot of the window, newest first; value absent when missing. */
  evaluated: readonly { timestamp: number; sampleCount?: number; value?: number }[];
}

/** StateReasonData, laid out as CloudWatch writes it (key order and `1.0`-style numbers) [V-AWS]. */
export function reasonDataJson(d: ReasonData): string {
  const parts = [`"version":"1.0"`, `"queryDate":"${reasonDataDate(d.queryDate)}"`];
  if (d.startDate !== undefined) parts.push(`"startDate":"${reasonDataDate(d.startDate)}"`);
  if (d.unit !== undefined) parts.push(`"unit":${JSON.stringify(d.unit)}`);
  parts.push(`"${d.statistic.key}":${JSON.stringify(d.statistic.value)}`, `"period":${d.period}`);
  parts.push(`"recentDatapoints":[${d.recent.map(javaDouble).join(',')}]`);
  parts.push(`"threshold":${javaDouble(d.threshold)}`);
  const evaluated = d.evaluated.map((e) =>
    e.value === undefined
      ? `{"timestamp":"${reasonDataDate(e.timestamp)}"}`
      : `{"timestamp":"${reasonDataDate(e.timestamp)}","sampleCount":${javaDouble(e.sampleCount ?? 0)},"value":${javaDouble(e.value)}}`,
  );
  parts.push(`"evaluatedDatapoints":[${evaluated.join(',')}]`);
  return `{${parts.join(',')}}`;
}
