import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND, VirtualClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import type { Store } from '../store/store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { MetricService, type MetricDatum } from './metric-service.js';
import { statValue } from './statistics.js';
import type { MetricId } from './metric-key.js';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const metric: MetricId = {
  namespace: 'App',
  metricName: 'Latency',
  dimensions: [{ name: 'Api', value: 'get' }],
};

function datum(at: number, value: number, unit = 'Milliseconds'): MetricDatum {
  return { metric, timestamp: at, unit, value: { kind: 'value', value } };
}

let clock: VirtualClock;
let store: Store;
let service: MetricService;

beforeEach(async () => {
  clock = new VirtualClock(START);
  store = openSqliteStore(':memory:');
  service = new MetricService({ store, clock, log: silentLog });
  await service.start();
});
afterEach(async () => {
  await service.close();
  await store.close();
});

async function sums(period: number, from: number, to: number, unit?: string) {
  const buckets = await service.statistics({
    metric,
    start: from / 1000,
    end: to / 1000,
    period,
    unit,
    withPercentiles: true,
  });
  return buckets.map((b) => [(b.timestamp * 1000 - START) / SECOND, b.unit, b.dist.count, b.dist.sum]);
}

describe('MetricService', () => {
  it('answers from buffered data (queries flush first) and groups by period', async () => {
    service.put([datum(START + 1_000, 10), datum(START + 1_500, 20), datum(START + 61_000, 5)]);
    expect(await sums(60, START, START + 2 * MINUTE)).toEqual([
      [0, 'Milliseconds', 2, 30],
      [60, 'Milliseconds', 1, 5],
    ]);
    expect(await sums(10, START, START + 2 * MINUTE)).toEqual([
      [0, 'Milliseconds', 2, 30],
      [60, 'Milliseconds', 1, 5],
    ]);
  });

  it('keeps units apart unless asked for one', async () => {
    service.put([datum(START, 1, 'Seconds'), datum(START, 500, 'Milliseconds')]);
    expect(await sums(60, START, START + MINUTE)).toEqual([
      [0, 'Milliseconds', 1, 500],
      [0, 'Seconds', 1, 1],
    ]);
    expect(await sums(60, START, START + MINUTE, 'Seconds')).toEqual([[0, 'Seconds', 1, 1]]);
  });

  it('flushes on its timer, in batches', async () => {
    service.put([datum(START, 1)]);
    const before = await store.metrics.read({
      series: '["App","Latency",[["Api","get"]]]',
      resolution: 1,
      from: 0,
      to: 2e9,
      withSketch: false,
    });
    expect(before).toHaveLength(0);
    await clock.advance(service.options.flushIntervalMs);
    const after = await store.metrics.read({
      series: '["App","Latency",[["Api","get"]]]',
      resolution: 1,
      from: 0,
      to: 2e9,
      withSketch: false,
    });
    expect(after).toHaveLength(1);
  });

  it("PutMetricData: stored before it is acknowledged, and a failed write is the caller's error", async () => {
    const read = () =>
      store.metrics.read({
        series: '["App","Latency",[["Api","get"]]]',
        resolution: 1,
        from: 0,
        to: 2e9,
        withSketch: false,
      });
    await Promise.all([service.putDurably([datum(START, 1)]), service.putDurably([datum(START, 2)])]);
    expect((await read()).map((p) => p.count)).toEqual([2]); // no timer ran: both are in the store
    const append = store.metrics.append.bind(store.metrics);
    store.metrics.append = () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    await expect(service.putDurably([datum(START + 1_000, 3)])).rejects.toThrow('SQLITE_FULL');
    store.metrics.append = append;
  });

  it('rolls one-second points up into minutes and hours, and drops them after 3 hours', async () => {
    for (let i = 0; i < 120; i++) service.put([datum(START + i * SECOND, i)]);
    await clock.advance(5 * HOUR);
    const key = '["App","Latency",[["Api","get"]]]';
    const read = (resolution: number) =>
      store.metrics.read({ series: key, resolution, from: 0, to: 2e9, withSketch: true });
    expect(await read(1)).toHaveLength(0); // past the 3 h retention
    expect((await read(60)).map((p) => [p.ts * 1000 - START, p.count, p.sum])).toEqual([
      [0, 60, 1770],
      [60_000, 60, 5370],
    ]);
    expect((await read(3600)).map((p) => [p.count, p.sum])).toEqual([[120, 7140]]);
    // A query over old data is answered from the coarser tier, percentiles included.
    const [hour] = await service.statistics({
      metric,
      start: START / 1000,
      end: START / 1000 + 3600,
      period: 3600,
      withPercentiles: true,
    });
    expect(statValue(hour!.dist, { kind: 'percentile', name: 'p50', quantile: 0.5 })).toBeCloseTo(59, -0.5);
    expect(await sums(60, START, START + 2 * MINUTE)).toEqual([
      [0, 'Milliseconds', 60, 1770],
      [60, 'Milliseconds', 60, 5370],
    ]);
  });

  it('late data is counted in tiers that were already rolled up', async () => {
    await clock.advance(2 * HOUR);
    service.put([datum(START + 30 * SECOND, 7)]);
    await service.flush();
    expect(await sums(60, START, START + MINUTE)).toEqual([[0, 'Milliseconds', 1, 7]]);
    expect(await sums(3600, START, START + HOUR)).toEqual([[0, 'Milliseconds', 1, 7]]);
  });

  it('lists metrics by namespace, name and dimension filters', async () => {
    service.put([
      datum(START, 1),
      {
        ...datum(START, 1),
        metric: { namespace: 'App', metricName: 'Errors', dimensions: [{ name: 'Api', value: 'put' }] },
      },
      { ...datum(START, 1), metric: { namespace: 'Other', metricName: 'Errors', dimensions: [] } },
    ]);
    const names = async (q: Parameters<MetricService['listMetrics']>[0]) =>
      (await service.listMetrics(q)).metrics.map((m) => `${m.namespace}/${m.metricName}`).sort();
    const all = { activeWithin: 14 * 86400, limit: 500 };
    expect(await names(all)).toEqual(['App/Errors', 'App/Latency', 'Other/Errors']);
    expect(await names({ ...all, namespace: 'App' })).toEqual(['App/Errors', 'App/Latency']);
    expect(await names({ ...all, dimensions: [{ name: 'Api' }] })).toEqual(['App/Errors', 'App/Latency']);
    expect(await names({ ...all, dimensions: [{ name: 'Api', value: 'put' }] })).toEqual(['App/Errors']);
    const page = await service.listMetrics({ ...all, limit: 2 });
    expect(page.metrics).toHaveLength(2);
    expect((await service.listMetrics({ ...all, after: page.last })).metrics).toHaveLength(1);
  });
});
