import type { Dimension } from './metric-key.js';

/** A metric series as ListMetrics sees it. */
export interface SeriesRecord {
  /** The canonical series key (metrics/metric-key.ts). */
  key: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  /** Latest datapoint time written, seconds since the epoch. */
  lastSeen: number;
}

/**
 * Aggregated values of one series over one bucket. Several points may share a bucket (a bucket
 * flushed twice, late data); readers merge them.
 */
export interface StoredPoint {
  series: string;
  /** Bucket length in seconds: 1, 60 or 3600 by default. */
  resolution: number;
  /** Bucket start, seconds since the epoch. */
  ts: number;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Encoded quantile sketch (metrics/distribution.ts); null when percentiles are unavailable. */
  sketch: Uint8Array | null;
}

export interface PointQuery {
  series: string;
  resolution: number;
  /** Inclusive, seconds. */
  from: number;
  /** Exclusive, seconds. */
  to: number;
  unit?: string;
  /** Skip reading sketches when no percentile is wanted. */
  withSketch: boolean;
}

export interface SeriesQuery {
  namespace?: string;
  metricName?: string;
  /** Only series written at or after this time (seconds). */
  seenSince: number;
  /** Series keys after this one, in key order. */
  after?: string;
  limit: number;
}

/** Moves finer points into coarser buckets. */
export interface RollupStep {
  source: number;
  target: number;
  /** Seconds, aligned to `target`. */
  from: number;
  to: number;
}

/** Time series of CloudWatch metrics at several resolutions, with a rollup watermark per resolution. */
export interface MetricStore {
  /** Records the series (creating or touching them) and appends the points, atomically. */
  append(series: readonly SeriesRecord[], points: readonly StoredPoint[]): Promise<void>;
  read(query: PointQuery): Promise<StoredPoint[]>;
  listSeries(query: SeriesQuery): Promise<SeriesRecord[]>;
  /** Resolution -> time (seconds) up to which its points have been rolled up into coarser ones. */
  watermarks(): Promise<Map<number, number>>;
  /**
   * Reads the `source` points in [from, to), lets the pure `merge` turn them into `target`
   * points, writes those and advances the source's watermark to `to`, atomically.
   */
  rollup(step: RollupStep, merge: (points: StoredPoint[]) => StoredPoint[]): Promise<void>;
  /** Deletes the points of `resolution` older than `before` (seconds); returns how many. */
  prune(resolution: number, before: number): Promise<number>;
  /** Deletes series with no data since `before` (seconds). */
  pruneSeries(before: number): Promise<number>;
}
