import type { Distribution, StatisticSet } from './distribution.js';
import type { MetricId } from './metric-key.js';

/** One datum of PutMetricData, validated. */
export interface MetricDatum {
  metric: MetricId;
  /** ms */
  timestamp: number;
  unit: string;
  value:
    | { kind: 'value'; value: number }
    | { kind: 'statistics'; set: StatisticSet }
    | { kind: 'values'; values: number[]; counts: number[] };
}

export interface StatisticsQuery {
  metric: MetricId;
  /** Period-aligned start, seconds. */
  start: number;
  /** Exclusive end, seconds. */
  end: number;
  /** Seconds. */
  period: number;
  unit?: string;
  withPercentiles: boolean;
}

/** One period of one unit. */
export interface PeriodBucket {
  /** Period start, seconds. */
  timestamp: number;
  unit: string;
  dist: Distribution;
}

export interface ListMetricsQuery {
  namespace?: string;
  metricName?: string;
  dimensions?: { name: string; value?: string }[];
  /** Seconds: only metrics with data this recent. */
  activeWithin: number;
  after?: string;
  limit: number;
}
