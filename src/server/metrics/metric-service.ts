import type { Clock, Timer } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { MetricStore } from './store.js';
import { Aggregator, type SeriesBuffer, type TouchListener } from './aggregator.js';
import { Distribution } from './distribution.js';
import { parseSeriesKey, seriesKey, type Dimension, type MetricId } from './metric-key.js';
import { pendingRows } from './pending-rows.js';
import { chooseResolution, DEFAULT_TIERS, mergePoints, readPlan, type Tier } from './retention.js';
import type { ListMetricsQuery, MetricDatum, PeriodBucket, StatisticsQuery } from './metric-types.js';

export type { ListMetricsQuery, MetricDatum, PeriodBucket, StatisticsQuery } from './metric-types.js';

export interface MetricServiceDeps {
  store: { metrics: MetricStore };
  clock: Clock;
  log: Log;
  /**
   * In a cluster: whether this node runs rollups and retention now (one node does); the others
   * only follow the rollup watermarks.
   */
  maintainer?: () => Promise<boolean>;
}

export interface MetricServiceOptions {
  /** How often buffered one-second buckets are written to the store (clock ms). */
  flushIntervalMs: number;
  /** How often rollups and retention run (clock ms). */
  maintenanceIntervalMs: number;
  tiers: readonly Tier[];
}

export const DEFAULT_METRIC_OPTIONS: MetricServiceOptions = {
  flushIntervalMs: 5_000,
  maintenanceIntervalMs: 60_000,
  tiers: DEFAULT_TIERS,
};

/** Seconds after a bucket closes before it is rolled up: data for it may still be in flight. */
const ROLLUP_GRACE_S = 30;
/** Target buckets per rollup transaction. */
const ROLLUP_CHUNK = 60;
const TWO_WEEKS_S = 14 * 24 * 3600;
/** Parsed series keys remembered for flushes (recorder series stay; PutMetricData ones come and go). */
const MAX_PARSED_KEYS = 10_000;

/**
 * The metrics engine: one-second in-memory aggregation, batched flushes to the store, queries by
 * period, rollups into coarser tiers and retention. Store work is serialised so a flush, a
 * rollup and a query never interleave.
 */
export class MetricService {
  readonly options: MetricServiceOptions;
  private readonly aggregator: Aggregator;
  private readonly touchListeners = new Set<TouchListener>();
  private readonly flushHooks = new Set<(completedBefore: number) => void>();
  private readonly maintenanceHooks = new Set<(now: number) => Promise<void>>();
  private readonly flushedListeners = new Set<(keys: ReadonlySet<string>) => void>();
  private readonly ids = new Map<string, MetricId>();
  private watermarks = new Map<number, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private flushTimer: Timer | undefined;
  private maintenanceTimer: Timer | undefined;
  private closed = false;
  private started = false;

  constructor(
    private readonly deps: MetricServiceDeps,
    options: Partial<MetricServiceOptions> = {},
  ) {
    this.options = { ...DEFAULT_METRIC_OPTIONS, ...options };
    this.aggregator = new Aggregator((keys) => {
      this.scheduleFlush();
      for (const listener of this.touchListeners) listener(keys);
    });
  }

  /** Loads the rollup watermarks (first start: from now on) and starts the timers. */
  async start(): Promise<void> {
    this.watermarks = await this.deps.store.metrics.watermarks();
    const tiers = this.options.tiers;
    const nowS = Math.floor(this.deps.clock.now() / 1000);
    for (let i = 0; i + 1 < tiers.length; i++) {
      const source = tiers[i]!.resolution;
      const target = tiers[i + 1]!.resolution;
      if (!this.watermarks.has(source)) {
        const start = nowS - (nowS % target);
        await this.deps.store.metrics.rollup({ source, target, from: start, to: start }, () => []);
        this.watermarks.set(source, start);
      }
    }
    this.started = true;
    this.scheduleFlush();
    this.scheduleMaintenance();
  }

  /** The buffer for one series and unit; the recorder keeps these to record without lookups. */
  buffer(key: string, unit: string): SeriesBuffer {
    return this.aggregator.buffer(key, unit);
  }

  /** Listeners hear, at most once per event-loop turn, the keys of series that got new data. */
  onData(listener: TouchListener): () => void {
    this.touchListeners.add(listener);
    return () => this.touchListeners.delete(listener);
  }

  /** Listeners hear the keys of the series each flush wrote (a cluster tells the other nodes). */
  onFlushed(listener: (keys: ReadonlySet<string>) => void): () => void {
    this.flushedListeners.add(listener);
    return () => this.flushedListeners.delete(listener);
  }

  /** Another node wrote data for these series: listeners (alarms) look again. */
  dataElsewhere(keys: ReadonlySet<string>): void {
    for (const listener of this.touchListeners) listener(keys);
  }

  /** Hooks run before each flush with the first second that is not complete yet. */
  beforeFlush(hook: (completedBefore: number) => void): () => void {
    this.flushHooks.add(hook);
    return () => this.flushHooks.delete(hook);
  }

  /** Hooks run after each maintenance pass with the clock's time (ms), e.g. to prune alarm history. */
  onMaintenance(hook: (now: number) => Promise<void>): () => void {
    this.maintenanceHooks.add(hook);
    return () => this.maintenanceHooks.delete(hook);
  }

  /** Records PutMetricData datums. */
  put(datums: readonly MetricDatum[]): void {
    for (const d of datums) {
      const buffer = this.aggregator.transientBuffer(seriesKey(d.metric), d.unit);
      const second = Math.floor(d.timestamp / 1000);
      const v = d.value;
      if (v.kind === 'value') buffer.add(second, v.value);
      else if (v.kind === 'statistics') buffer.addDistribution(second, Distribution.fromStatisticSet(v.set));
      else v.values.forEach((value, i) => buffer.add(second, value, v.counts[i] ?? 1));
    }
  }

  /** Writes every buffered bucket to the store. */
  flush(): Promise<void> {
    return this.exclusive(() => this.flushNow());
  }

  /**
   * PutMetricData's path: records the datums and answers once they are in the store, so a crash
   * after the answer loses none. Callers at once share a write (each flush takes what is buffered);
   * a write that fails is thrown, not logged, so the caller is told its datums were not kept.
   */
  putDurably(datums: readonly MetricDatum[]): Promise<void> {
    this.put(datums);
    return this.exclusive(() => this.flushNow({ rethrow: true }));
  }

  /**
   * Per-period distributions of one metric, one per unit seen (CloudWatch API Reference, GetMetricStatistics: Unit filters): what the
   * store holds merged with what is still buffered, so a query never waits for (or forces) a write.
   */
  statistics(query: StatisticsQuery): Promise<PeriodBucket[]> {
    return this.exclusive(async () => {
      const nowS = Math.floor(this.deps.clock.now() / 1000);
      const resolution = chooseResolution(this.options.tiers, query.period, query.start, nowS);
      if (resolution === undefined) return [];
      const key = seriesKey(query.metric);
      const buckets = new Map<string, PeriodBucket>();
      const add = (ts: number, unit: string, dist: Distribution): void => {
        const timestamp = query.start + Math.floor((ts - query.start) / query.period) * query.period;
        const id = `${timestamp}\u0000${unit}`;
        let bucket = buckets.get(id);
        if (!bucket) buckets.set(id, (bucket = { timestamp, unit, dist: new Distribution() }));
        bucket.dist.merge(dist);
      };
      for (const segment of readPlan(
        this.options.tiers,
        this.watermarks,
        resolution,
        query.start,
        query.end,
      )) {
        const points = await this.deps.store.metrics.read({
          series: key,
          resolution: segment.resolution,
          from: segment.from,
          to: segment.to,
          unit: query.unit,
          withSketch: query.withPercentiles,
        });
        for (const p of points) add(p.ts, p.unit, Distribution.decode(p));
      }
      for (const b of this.aggregator.peek(key, query.start, query.end)) {
        if (query.unit === undefined || b.unit === query.unit) add(b.second, b.unit, b.dist);
      }
      return [...buckets.values()].sort((a, b) => a.timestamp - b.timestamp || (a.unit < b.unit ? -1 : 1));
    });
  }

  /** ListMetrics: exact namespace and name; each dimension filter must be present (and equal, if it has a value). */
  listMetrics(query: ListMetricsQuery): Promise<{ metrics: MetricId[]; last?: string }> {
    return this.exclusive(async () => {
      await this.flushNow();
      const nowS = Math.floor(this.deps.clock.now() / 1000);
      const metrics: MetricId[] = [];
      let after = query.after;
      for (;;) {
        const page = await this.deps.store.metrics.listSeries({
          namespace: query.namespace,
          metricName: query.metricName,
          seenSince: nowS - query.activeWithin,
          after,
          limit: 500,
        });
        for (const series of page) {
          after = series.key;
          if (!matchesFilters(series.dimensions, query.dimensions ?? [])) continue;
          metrics.push({
            namespace: series.namespace,
            metricName: series.metricName,
            dimensions: series.dimensions,
          });
          if (metrics.length === query.limit) return { metrics, last: after };
        }
        if (page.length < 500) return { metrics };
      }
    });
  }

  /** Rolls closed buckets up into coarser tiers and drops points past their retention. */
  maintain(): Promise<void> {
    return this.exclusive(async () => {
      await this.flushNow();
      if (this.deps.maintainer && !(await this.deps.maintainer())) {
        this.watermarks = await this.deps.store.metrics.watermarks();
        return;
      }
      const nowS = Math.floor(this.deps.clock.now() / 1000);
      const tiers = this.options.tiers;
      const store = this.deps.store.metrics;
      for (let i = 0; i + 1 < tiers.length; i++) {
        const source = tiers[i]!.resolution;
        const target = tiers[i + 1]!.resolution;
        let limit = Math.floor((nowS - ROLLUP_GRACE_S) / target) * target;
        if (i > 0)
          limit = Math.min(
            limit,
            Math.floor((this.watermarks.get(tiers[i - 1]!.resolution) ?? 0) / target) * target,
          );
        let done = this.watermarks.get(source) ?? limit;
        while (done < limit) {
          const to = Math.min(limit, done + ROLLUP_CHUNK * target);
          await store.rollup({ source, target, from: done, to }, (points) => mergePoints(points, target));
          this.watermarks.set(source, to);
          done = to;
        }
      }
      for (const tier of tiers) await store.prune(tier.resolution, nowS - tier.retention);
      const longest = Math.max(TWO_WEEKS_S, ...tiers.map((t) => t.retention));
      await store.pruneSeries(nowS - longest);
      for (const hook of this.maintenanceHooks) await hook(this.deps.clock.now());
    });
  }

  /** Stops the timers and writes what is buffered. */
  async close(): Promise<void> {
    this.closed = true;
    this.flushTimer?.cancel();
    this.maintenanceTimer?.cancel();
    await this.flush();
  }

  private async flushNow(options: { rethrow?: boolean } = {}): Promise<void> {
    const completedBefore = Math.floor(this.deps.clock.now() / 1000);
    for (const hook of this.flushHooks) hook(completedBefore);
    const buckets = this.aggregator.drain();
    if (buckets.length === 0) return;
    const { series, points } = pendingRows(buckets, this.options.tiers, this.watermarks, (key) =>
      this.idOf(key),
    );
    try {
      await this.deps.store.metrics.append(series, points);
      if (this.flushedListeners.size > 0) {
        const keys = new Set(series.map((s) => s.key));
        for (const listener of this.flushedListeners) listener(keys);
      }
    } catch (error) {
      this.deps.log.error('writing metrics failed; this batch is lost', {
        buckets: buckets.length,
        error: String(error),
      });
      if (options.rethrow) throw error;
    }
  }

  private idOf(key: string): MetricId {
    let id = this.ids.get(key);
    if (!id) {
      // Series keys come from PutMetricData requests too: the memo of parsed keys stays bounded.
      if (this.ids.size >= MAX_PARSED_KEYS) this.ids.clear();
      this.ids.set(key, (id = parseSeriesKey(key)));
    }
    return id;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Arms the flush timer while something is buffered; an idle server has no flush wakeups. */
  private scheduleFlush(): void {
    if (this.closed || !this.started || this.flushTimer || this.aggregator.pendingSeries === 0) return;
    this.flushTimer = this.deps.clock.setTimer(this.options.flushIntervalMs, () => {
      this.flush().then(
        () => {
          this.flushTimer = undefined;
          this.scheduleFlush();
        },
        (error: unknown) => {
          this.deps.log.error('metrics flush failed', { error: String(error) });
          this.flushTimer = undefined;
          this.scheduleFlush();
        },
      );
    });
  }

  private scheduleMaintenance(): void {
    if (this.closed) return;
    this.maintenanceTimer = this.deps.clock.setTimer(this.options.maintenanceIntervalMs, () => {
      this.maintain().then(
        () => this.scheduleMaintenance(),
        (error: unknown) => {
          this.deps.log.error('metrics maintenance failed', { error: String(error) });
          this.scheduleMaintenance();
        },
      );
    });
  }
}

function matchesFilters(
  dimensions: readonly Dimension[],
  filters: readonly { name: string; value?: string }[],
): boolean {
  return filters.every((f) =>
    dimensions.some((d) => d.name === f.name && (f.value === undefined || d.value === f.value)),
  );
}
