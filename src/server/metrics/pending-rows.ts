import type { SeriesRecord, StoredPoint } from './store.js';
import type { PendingBucket } from './aggregator.js';
import type { MetricId } from './metric-key.js';
import { lateTiers, mergePoints, type Tier } from './retention.js';

/**
 * What a flush writes: the series touched (for ListMetrics) and a point per buffered bucket at
 * the finest resolution, plus, for buckets older than a tier's rollup watermark, merged points in
 * the coarser tiers the rollup has already passed.
 */
export function pendingRows(
  buckets: readonly PendingBucket[],
  tiers: readonly Tier[],
  watermarks: ReadonlyMap<number, number>,
  idOf: (key: string) => MetricId,
): { series: SeriesRecord[]; points: StoredPoint[] } {
  const series = new Map<string, SeriesRecord>();
  const fine: StoredPoint[] = [];
  const late: StoredPoint[] = [];
  for (const b of buckets) {
    const known = series.get(b.key);
    if (known) known.lastSeen = Math.max(known.lastSeen, b.second);
    else {
      const id = idOf(b.key);
      series.set(b.key, {
        key: b.key,
        namespace: id.namespace,
        metricName: id.metricName,
        dimensions: [...id.dimensions],
        lastSeen: b.second,
      });
    }
    const point = {
      series: b.key,
      resolution: tiers[0]!.resolution,
      ts: b.second,
      unit: b.unit,
      ...b.dist.encode(),
    };
    fine.push(point);
    for (const resolution of lateTiers(tiers, watermarks, b.second)) late.push({ ...point, resolution });
  }
  const coarse = [...new Set(late.map((p) => p.resolution))].flatMap((r) =>
    mergePoints(
      late.filter((p) => p.resolution === r),
      r,
    ),
  );
  return { series: [...series.values()], points: [...fine, ...coarse] };
}
