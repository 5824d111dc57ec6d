import type {
  MetricStore,
  PointQuery,
  RollupStep,
  SeriesQuery,
  SeriesRecord,
  StoredPoint,
} from '../../metrics/store.js';
import type { PgDatabase, Tx } from './pg-database.js';

interface PointRow {
  key: string;
  ts: number;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  sketch: Buffer | null;
}

interface SeriesRow {
  key: string;
  namespace: string;
  metric_name: string;
  dimensions: string;
  last_seen: number;
}

/** Rollups and pruning run one at a time across the cluster. */
const ROLLUP_LOCK = 'metric-rollup';

function toSeries(row: SeriesRow): SeriesRecord {
  return {
    key: row.key,
    namespace: row.namespace,
    metricName: row.metric_name,
    dimensions: JSON.parse(row.dimensions) as SeriesRecord['dimensions'],
    lastSeen: row.last_seen,
  };
}

function toPoint(r: PointRow, resolution: number): StoredPoint {
  return {
    series: r.key,
    resolution,
    ts: r.ts,
    unit: r.unit,
    count: r.count,
    sum: r.sum,
    min: r.min,
    max: r.max,
    sketch: r.sketch ? new Uint8Array(r.sketch) : null,
  };
}

/**
 * Metrics in PostgreSQL. Every node appends its own one-second points; a bucket written by several
 * nodes is several rows, which readers merge (the port allows it), so nodes never contend on a row.
 */
export class PgMetricStore implements MetricStore {
  constructor(private readonly db: PgDatabase) {}

  append(series: readonly SeriesRecord[], points: readonly StoredPoint[]): Promise<void> {
    if (series.length === 0 && points.length === 0) return Promise.resolve();
    return this.db.write(undefined, async (tx) => {
      // Sorted, so two nodes upserting the same series lock them in one order.
      const sorted = [...series].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      await tx.query(
        `INSERT INTO metric_series (key, namespace, metric_name, dimensions, last_seen)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
         ON CONFLICT (key) DO UPDATE SET last_seen = GREATEST(metric_series.last_seen, excluded.last_seen)`,
        [
          sorted.map((s) => s.key),
          sorted.map((s) => s.namespace),
          sorted.map((s) => s.metricName),
          sorted.map((s) => JSON.stringify(s.dimensions)),
          sorted.map((s) => s.lastSeen),
        ],
      );
      await insertPoints(tx, points);
    });
  }

  async read(query: PointQuery): Promise<StoredPoint[]> {
    const rows = await this.db.query<PointRow>(
      `SELECT s.key, p.ts, p.unit, p.count, p.sum, p.min, p.max, ${query.withSketch ? 'p.sketch' : 'NULL AS sketch'}
       FROM metric_points p JOIN metric_series s ON s.id = p.series_id
       WHERE s.key = $1 AND p.resolution = $2 AND p.ts >= $3 AND p.ts < $4
         AND ($5::text IS NULL OR p.unit = $5)
       ORDER BY p.ts`,
      [query.series, query.resolution, query.from, query.to, query.unit ?? null],
    );
    return rows.map((r) => toPoint(r, query.resolution));
  }

  async listSeries(query: SeriesQuery): Promise<SeriesRecord[]> {
    const rows = await this.db.query<SeriesRow>(
      `SELECT key, namespace, metric_name, dimensions, last_seen FROM metric_series
       WHERE last_seen >= $1 AND key > $2
         AND ($3::text IS NULL OR namespace = $3) AND ($4::text IS NULL OR metric_name = $4)
       ORDER BY key LIMIT $5`,
      [query.seenSince, query.after ?? '', query.namespace ?? null, query.metricName ?? null, query.limit],
    );
    return rows.map(toSeries);
  }

  async watermarks(): Promise<Map<number, number>> {
    const rows = await this.db.query<{ resolution: number; done_until: number }>(
      'SELECT resolution, done_until FROM metric_rollups',
    );
    return new Map(rows.map((r) => [r.resolution, r.done_until]));
  }

  rollup(step: RollupStep, merge: (points: StoredPoint[]) => StoredPoint[]): Promise<void> {
    return this.db.write(ROLLUP_LOCK, async (tx) => {
      // Another node may have rolled this range up already: never twice.
      const [mark] = await tx.query<{ done_until: number }>(
        'SELECT done_until FROM metric_rollups WHERE resolution = $1',
        [step.source],
      );
      if (mark && mark.done_until >= step.to && step.to > step.from) return;
      const from = mark ? Math.max(step.from, mark.done_until) : step.from;
      const source = await tx.query<PointRow>(
        `SELECT s.key, p.ts, p.unit, p.count, p.sum, p.min, p.max, p.sketch
         FROM metric_points p JOIN metric_series s ON s.id = p.series_id
         WHERE p.resolution = $1 AND p.ts >= $2 AND p.ts < $3`,
        [step.source, from, step.to],
      );
      await insertPoints(tx, merge(source.map((r) => toPoint(r, step.source))));
      await tx.query(
        `INSERT INTO metric_rollups (resolution, done_until) VALUES ($1, $2)
         ON CONFLICT (resolution) DO UPDATE SET done_until = GREATEST(metric_rollups.done_until, excluded.done_until)`,
        [step.source, step.to],
      );
    });
  }

  async prune(resolution: number, before: number): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      'WITH gone AS (DELETE FROM metric_points WHERE resolution = $1 AND ts < $2 RETURNING 1) SELECT count(*)::bigint AS n FROM gone',
      [resolution, before],
    );
    return rows[0]?.n ?? 0;
  }

  pruneSeries(before: number): Promise<number> {
    return this.db.write(ROLLUP_LOCK, async (tx) => {
      await tx.query(
        'DELETE FROM metric_points WHERE series_id IN (SELECT id FROM metric_series WHERE last_seen < $1)',
        [before],
      );
      const rows = await tx.query<{ n: number }>(
        'WITH gone AS (DELETE FROM metric_series WHERE last_seen < $1 RETURNING 1) SELECT count(*)::bigint AS n FROM gone',
        [before],
      );
      return rows[0]?.n ?? 0;
    });
  }
}

async function insertPoints(tx: Tx, points: readonly StoredPoint[]): Promise<void> {
  if (points.length === 0) return;
  const inserted = await tx.query<{ n: number }>(
    `WITH rows AS (
       SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::text[], $5::float8[], $6::float8[],
                            $7::float8[], $8::float8[], $9::bytea[])
         AS r(key, resolution, ts, unit, count, sum, min, max, sketch)),
     ins AS (
       INSERT INTO metric_points (series_id, resolution, ts, unit, count, sum, min, max, sketch)
       SELECT s.id, r.resolution, r.ts, r.unit, r.count, r.sum, r.min, r.max, r.sketch
       FROM rows r JOIN metric_series s ON s.key = r.key
       RETURNING 1)
     SELECT count(*)::bigint AS n FROM ins`,
    [
      points.map((p) => p.series),
      points.map((p) => p.resolution),
      points.map((p) => p.ts),
      points.map((p) => p.unit),
      points.map((p) => p.count),
      points.map((p) => p.sum),
      points.map((p) => p.min),
      points.map((p) => p.max),
      points.map((p) =>
        p.sketch ? Buffer.from(p.sketch.buffer, p.sketch.byteOffset, p.sketch.byteLength) : null,
      ),
    ],
  );
  if ((inserted[0]?.n ?? 0) !== points.length) {
    throw new Error('metric point for unknown series');
  }
}
