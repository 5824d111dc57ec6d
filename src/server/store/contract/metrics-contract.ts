import { describe, expect, it } from 'vitest';
import type { AlarmRecord } from '../../metrics/alarms/alarm-model.js';
import type { SeriesRecord, StoredPoint } from '../../metrics/store.js';
import { record, type StoreHarness } from './harness.js';

const series = (
  key: string,
  lastSeen: number,
  namespace = 'AWS/Lambda',
  metricName = 'Invocations',
): SeriesRecord => ({
  key,
  namespace,
  metricName,
  dimensions: [{ name: 'FunctionName', value: key }],
  lastSeen,
});
const point = (
  key: string,
  resolution: number,
  ts: number,
  count: number,
  sketch: Uint8Array | null = null,
): StoredPoint => ({
  series: key,
  resolution,
  ts,
  unit: 'Count',
  count,
  sum: count * 2,
  min: 1,
  max: 3.5,
  sketch,
});
const alarm = (name: string, value: 'OK' | 'ALARM' = 'OK'): AlarmRecord =>
  record<AlarmRecord>({
    arn: `arn:${name}`,
    config: { name, period: 60 },
    configUpdatedAt: 1,
    state: { value, reason: 'r', updatedAt: 1, transitionedAt: 1 },
  });

export function metricsContract(harness: StoreHarness): void {
  describe(`${harness.name}: metrics`, () => {
    it('appends points (several per bucket, from several writers) and reads them back with sketches', async () => {
      const store = await harness.open();
      const other = await harness.openAgain();
      const sketch = new Uint8Array([1, 2, 3, 250]);
      await store.metrics.append(
        [series('s1', 100)],
        [point('s1', 1, 100, 1, sketch), point('s1', 1, 101, 2)],
      );
      await other.metrics.append(
        [series('s1', 99), series('s2', 50)],
        [point('s1', 1, 100, 4), point('s2', 1, 50, 1)],
      );
      const read = await store.metrics.read({
        series: 's1',
        resolution: 1,
        from: 100,
        to: 102,
        withSketch: true,
      });
      expect(read.map((p) => [p.ts, p.count]).sort()).toEqual([
        [100, 1],
        [100, 4],
        [101, 2],
      ]);
      expect(read.find((p) => p.count === 1)?.sketch).toEqual(sketch);
      expect(read.find((p) => p.count === 1)).toMatchObject({
        sum: 2,
        min: 1,
        max: 3.5,
        unit: 'Count',
        resolution: 1,
        series: 's1',
      });
      const noSketch = await store.metrics.read({
        series: 's1',
        resolution: 1,
        from: 100,
        to: 101,
        withSketch: false,
      });
      expect(noSketch.every((p) => p.sketch === null)).toBe(true);
      expect(
        await store.metrics.read({
          series: 's1',
          resolution: 1,
          from: 0,
          to: 200,
          unit: 'Seconds',
          withSketch: false,
        }),
      ).toEqual([]);
      expect(
        await store.metrics.read({ series: 'nope', resolution: 1, from: 0, to: 200, withSketch: false }),
      ).toEqual([]);
      // lastSeen only moves forward.
      expect(
        (await store.metrics.listSeries({ seenSince: 0, limit: 10 })).map((s) => [s.key, s.lastSeen]),
      ).toEqual([
        ['s1', 100],
        ['s2', 50],
      ]);
      await expect(store.metrics.append([], [point('unknown', 1, 1, 1)])).rejects.toThrow();
    });

    it('lists series by namespace, name, recency and page', async () => {
      const store = await harness.open();
      await store.metrics.append(
        [
          series('a', 10),
          series('b', 20, 'Custom'),
          series('c', 30, 'AWS/Lambda', 'Errors'),
          series('d', 40),
        ],
        [],
      );
      const keys = async (q: Parameters<typeof store.metrics.listSeries>[0]) =>
        (await store.metrics.listSeries(q)).map((s) => s.key);
      expect(await keys({ seenSince: 15, limit: 10 })).toEqual(['b', 'c', 'd']);
      expect(await keys({ namespace: 'AWS/Lambda', seenSince: 0, limit: 10 })).toEqual(['a', 'c', 'd']);
      expect(
        await keys({ namespace: 'AWS/Lambda', metricName: 'Invocations', seenSince: 0, limit: 10 }),
      ).toEqual(['a', 'd']);
      expect(await keys({ seenSince: 0, after: 'b', limit: 1 })).toEqual(['c']);
      expect((await store.metrics.listSeries({ seenSince: 0, limit: 1 }))[0]).toEqual(series('a', 10));
    });

    it('rolls up once, keeps watermarks, prunes points and idle series', async () => {
      const store = await harness.open();
      await store.metrics.append(
        [series('s', 130)],
        [point('s', 1, 60, 1), point('s', 1, 61, 2), point('s', 1, 130, 5)],
      );
      expect(await store.metrics.watermarks()).toEqual(new Map());
      const merge = (points: StoredPoint[]) =>
        points.length === 0
          ? []
          : [{ ...points[0]!, resolution: 60, ts: 60, count: points.reduce((n, p) => n + p.count, 0) }];
      await store.metrics.rollup({ source: 1, target: 60, from: 60, to: 120 }, merge);
      expect(await store.metrics.watermarks()).toEqual(new Map([[1, 120]]));
      expect(
        (await store.metrics.read({ series: 's', resolution: 60, from: 0, to: 200, withSketch: false })).map(
          (p) => p.count,
        ),
      ).toEqual([3]);
      expect(await store.metrics.prune(1, 100)).toBe(2);
      expect(
        (await store.metrics.read({ series: 's', resolution: 1, from: 0, to: 200, withSketch: false })).map(
          (p) => p.ts,
        ),
      ).toEqual([130]);
      expect(await store.metrics.pruneSeries(131)).toBe(1);
      expect(await store.metrics.listSeries({ seenSince: 0, limit: 10 })).toEqual([]);
      expect(
        await store.metrics.read({ series: 's', resolution: 60, from: 0, to: 200, withSketch: false }),
      ).toEqual([]);
      // A series can come back after being pruned.
      await store.metrics.append([series('s', 200)], [point('s', 1, 200, 1)]);
      expect(
        (await store.metrics.read({ series: 's', resolution: 1, from: 0, to: 300, withSketch: false }))
          .length,
      ).toBe(1);
    });
  });

  describe(`${harness.name}: alarms`, () => {
    it('decides on the named alarms, writes history, pages and prunes it', async () => {
      const store = await harness.open();
      const seen = await store.alarms.transact(['a', 'b'], (current) => ({
        changes: [
          { kind: 'putAlarm', alarm: alarm('b') },
          { kind: 'putAlarm', alarm: alarm('a') },
          {
            kind: 'appendHistory',
            item: {
              alarmName: 'a',
              timestamp: 10,
              type: 'ConfigurationUpdate',
              summary: 'created',
              data: '{}',
            },
          },
          {
            kind: 'appendHistory',
            item: {
              alarmName: 'b',
              timestamp: 20,
              type: 'ConfigurationUpdate',
              summary: 'created',
              data: '{}',
            },
          },
        ],
        result: current.size,
      }));
      expect(seen).toBe(0);
      await store.alarms.transact(['a', 'zz'], (current) => {
        expect([...current.keys()]).toEqual(['a']);
        return {
          changes: [
            { kind: 'putAlarm', alarm: alarm('a', 'ALARM') },
            {
              kind: 'appendHistory',
              item: {
                alarmName: 'a',
                timestamp: 30,
                type: 'StateUpdate',
                summary: 'OK to ALARM',
                data: '{"x":1}',
              },
            },
          ],
          result: 0,
        };
      });
      expect((await store.alarms.list()).map((a) => [a.config.name, a.state.value])).toEqual([
        ['a', 'ALARM'],
        ['b', 'OK'],
      ]);
      const all = await store.alarms.history({ ascending: true, limit: 10 });
      expect(all.map((h) => h.summary)).toEqual(['created', 'created', 'OK to ALARM']);
      expect(all[2]).toMatchObject({ alarmName: 'a', timestamp: 30, type: 'StateUpdate', data: '{"x":1}' });
      const newest = await store.alarms.history({ alarmName: 'a', ascending: false, limit: 1 });
      expect(newest.map((h) => h.timestamp)).toEqual([30]);
      const next = await store.alarms.history({
        alarmName: 'a',
        ascending: false,
        after: newest[0]!.id,
        limit: 5,
      });
      expect(next.map((h) => h.timestamp)).toEqual([10]);
      expect((await store.alarms.history({ type: 'StateUpdate', ascending: true, limit: 5 })).length).toBe(1);
      expect(
        (await store.alarms.history({ from: 15, to: 25, ascending: true, limit: 5 })).map((h) => h.alarmName),
      ).toEqual(['b']);
      expect(await store.alarms.pruneHistory(25)).toBe(2);
      await store.alarms.transact(['b'], () => ({
        changes: [{ kind: 'deleteAlarm', name: 'b' }],
        result: 0,
      }));
      expect((await store.alarms.list()).map((a) => a.config.name)).toEqual(['a']);
      await expect(
        store.alarms.transact(['a'], () => {
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
    });
  });
}
