import { Distribution } from './distribution.js';
import type { StoredPoint } from './store.js';

/** One stored resolution and how long its points are kept, both in seconds. */
export interface Tier {
  resolution: number;
  retention: number;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * CloudWatch's own policy: one-second points for 3 hours, one-minute points for 15 days, one-hour
 * points for 455 days. Finer points are rolled up into the next tier as their buckets close.
 */
export const DEFAULT_TIERS: readonly Tier[] = [
  { resolution: 1, retention: 3 * HOUR },
  { resolution: 60, retention: 15 * DAY },
  { resolution: HOUR, retention: 455 * DAY },
];

/**
 * The resolution that answers a query of `period` from `start` (seconds): the finest tier whose
 * buckets tile the periods and that still holds points that old; else the coarsest that tiles.
 */
export function chooseResolution(
  tiers: readonly Tier[],
  period: number,
  start: number,
  now: number,
): number | undefined {
  const tiling = tiers.filter((t) => period % t.resolution === 0 && start % t.resolution === 0);
  const fresh = tiling.find((t) => start >= now - t.retention);
  return (fresh ?? tiling[tiling.length - 1])?.resolution;
}

/** A stretch of time to read at one resolution. */
export interface ReadSegment {
  resolution: number;
  from: number;
  to: number;
}

/**
 * Where to read [from, to) at `resolution`: a tier holds points only up to the watermark of the
 * tier below it (what has been rolled up so far); the rest comes from the finer tiers.
 * `watermarks` maps a source resolution to the time its points have been rolled up to.
 */
export function readPlan(
  tiers: readonly Tier[],
  watermarks: ReadonlyMap<number, number>,
  resolution: number,
  from: number,
  to: number,
): ReadSegment[] {
  const segments: ReadSegment[] = [];
  let index = tiers.findIndex((t) => t.resolution === resolution);
  let start = from;
  while (index >= 0 && start < to) {
    const tier = tiers[index]!;
    const finer = tiers[index - 1];
    const rolledUntil = finer ? (watermarks.get(finer.resolution) ?? -Infinity) : Infinity;
    const end = Math.min(to, rolledUntil);
    if (end > start) segments.push({ resolution: tier.resolution, from: start, to: end });
    start = Math.max(start, end);
    index--;
  }
  return segments;
}

/**
 * The coarser resolutions a point at `ts` must also be written to because their rollup has
 * already passed it (late data).
 */
export function lateTiers(
  tiers: readonly Tier[],
  watermarks: ReadonlyMap<number, number>,
  ts: number,
): number[] {
  const out: number[] = [];
  for (let i = 1; i < tiers.length; i++) {
    const rolledUntil = watermarks.get(tiers[i - 1]!.resolution) ?? -Infinity;
    if (ts >= rolledUntil) break;
    out.push(tiers[i]!.resolution);
  }
  return out;
}

/** Merges points into buckets of `resolution`: one point per series, unit and bucket. */
export function mergePoints(points: readonly StoredPoint[], resolution: number): StoredPoint[] {
  const groups = new Map<string, { series: string; unit: string; ts: number; dist: Distribution }>();
  for (const p of points) {
    const ts = p.ts - (((p.ts % resolution) + resolution) % resolution);
    const id = `${p.series}\u0000${p.unit}\u0000${ts}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { series: p.series, unit: p.unit, ts, dist: new Distribution() }));
    group.dist.merge(Distribution.decode(p));
  }
  return [...groups.values()].map((g) => ({
    series: g.series,
    unit: g.unit,
    ts: g.ts,
    resolution,
    ...g.dist.encode(),
  }));
}
