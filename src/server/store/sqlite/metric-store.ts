import type Database from 'better-sqlite3';
import type {
  MetricStore,
  PointQuery,
  RollupStep,
  SeriesQuery,
  SeriesRecord,
  StoredPoint,
} from '../../metrics/store.js';
import { settled } from './transaction.js';

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

function toSeries(row: SeriesRow): SeriesRecord {
  return {
    key: row.key,
    namespace: row.namespace,
    metricName: row.metric_name,
    dimensions: JSON.parse(row.dimensions) as SeriesRecord['dimensions'],
    lastSeen: row.last_seen,
  };
}

function blob(bytes: Uint8Array | null): Buffer | null {
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
}

export class SqliteMetricStore implements MetricStore {
  private readonly q;
  /** Series key -> row id; series rows are only ever deleted by pruneSeries, which clears it. */
  private readonly ids = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    this.q = {
      upsertSeries: db.prepare<[string, string, string, string, number], { id: number }>(
        `INSERT INTO metric_series (key, namespace, metric_name, dimensions, last_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)
         RETURNING id`,
      ),
      seriesId: db.prepare<[string], { id: number }>('SELECT id FROM metric_series WHERE key = ?'),
      insertPoint: db.prepare(
        `INSERT INTO metric_points (series_id, resolution, ts, unit, count, sum, min, max, sketch)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      read: db.prepare<[number, number, number, number], PointRow>(
        `SELECT '' AS key, ts, unit, count, sum, min, max, sketch FROM metric_points
         WHERE series_id = ? AND resolution = ? AND ts >= ? AND ts < ? ORDER BY ts`,
      ),
      readNoSketch: db.prepare<[number, number, number, number], PointRow>(
        `SELECT '' AS key, ts, unit, count, sum, min, max, NULL AS sketch FROM metric_points
         WHERE series_id = ? AND resolution = ? AND ts >= ? AND ts < ? ORDER BY ts`,
      ),
      rollupSource: db.prepare<[number, number, number], PointRow>(
        `SELECT s.key AS key, p.ts, p.unit, p.count, p.sum, p.min, p.max, p.sketch
         FROM metric_points p JOIN metric_series s ON s.id = p.series_id
         WHERE p.resolution = ? AND p.ts >= ? AND p.ts < ?`,
      ),
      watermarks: db.prepare<[], { resolution: number; done_until: number }>(
        'SELECT resolution, done_until FROM metric_rollups',
      ),
      setWatermark: db.prepare(
        `INSERT INTO metric_rollups (resolution, done_until) VALUES (?, ?)
         ON CONFLICT (resolution) DO UPDATE SET done_until = excluded.done_until`,
      ),
      prune: db.prepare('DELETE FROM metric_points WHERE resolution = ? AND ts < ?'),
      prunePointsOfSeries: db.prepare(
        'DELETE FROM metric_points WHERE series_id IN (SELECT id FROM metric_series WHERE last_seen < ?)',
      ),
      pruneSeries: db.prepare('DELETE FROM metric_series WHERE last_seen < ?'),
    };
  }

  append(series: readonly SeriesRecord[], points: readonly StoredPoint[]): Promise<void> {
    const run = this.db.transaction(() => {
      for (const s of series) {
        const row = this.q.upsertSeries.get(
          s.key,
          s.namespace,
          s.metricName,
          JSON.stringify(s.dimensions),
          s.lastSeen,
        );
        if (row) this.ids.set(s.key, row.id);
      }
      for (const p of points) this.insert(p);
    });
    return settled(() => {
      try {
        run();
      } catch (error) {
        this.ids.clear(); // it may hold ids of series rows the rollback removed
        throw error;
      }
    });
  }

  read(query: PointQuery): Promise<StoredPoint[]> {
    const id = this.idOf(query.series);
    if (id === undefined) return Promise.resolve([]);
    const statement = query.withSketch ? this.q.read : this.q.readNoSketch;
    const rows = statement.all(id, query.resolution, query.from, query.to);
    return Promise.resolve(
      rows
        .filter((r) => query.unit === undefined || r.unit === query.unit)
        .map((r) => this.toPoint({ ...r, key: query.series }, query.resolution)),
    );
  }

  listSeries(query: SeriesQuery): Promise<SeriesRecord[]> {
    const where = ['last_seen >= ?', 'key > ?'];
    const args: (string | number)[] = [query.seenSince, query.after ?? ''];
    if (query.namespace !== undefined) {
      where.push('namespace = ?');
      args.push(query.namespace);
    }
    if (query.metricName !== undefined) {
      where.push('metric_name = ?');
      args.push(query.metricName);
    }
    args.push(query.limit);
    const rows = this.db
      .prepare<(string | number)[], SeriesRow>(
        `SELECT key, namespace, metric_name, dimensions, last_seen FROM metric_series
         WHERE ${where.join(' AND ')} ORDER BY key LIMIT ?`,
      )
      .all(...args);
    return Promise.resolve(rows.map(toSeries));
  }

  watermarks(): Promise<Map<number, number>> {
    return Promise.resolve(new Map(this.q.watermarks.all().map((r) => [r.resolution, r.done_until])));
  }

  rollup(step: RollupStep, merge: (points: StoredPoint[]) => StoredPoint[]): Promise<void> {
    this.db.transaction(() => {
      const source = this.q.rollupSource
        .all(step.source, step.from, step.to)
        .map((r) => this.toPoint(r, step.source));
      for (const p of merge(source)) this.insert(p);
      this.q.setWatermark.run(step.source, step.to);
    })();
    return Promise.resolve();
  }

  prune(resolution: number, before: number): Promise<number> {
    return Promise.resolve(this.q.prune.run(resolution, before).changes);
  }

  pruneSeries(before: number): Promise<number> {
    const changes = this.db.transaction(() => {
      this.q.prunePointsOfSeries.run(before);
      return this.q.pruneSeries.run(before).changes;
    })();
    if (changes > 0) this.ids.clear();
    return Promise.resolve(changes);
  }

  private idOf(key: string): number | undefined {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.q.seriesId.get(key)?.id;
      if (id !== undefined) this.ids.set(key, id);
    }
    return id;
  }

  private insert(p: StoredPoint): void {
    const id = this.idOf(p.series);
    if (id === undefined) throw new Error(`metric point for unknown series ${p.series}`);
    this.q.insertPoint.run(id, p.resolution, p.ts, p.unit, p.count, p.sum, p.min, p.max, blob(p.sketch));
  }

  private toPoint(r: PointRow, resolution: number): StoredPoint {
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
}
