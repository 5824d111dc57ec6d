import { describe, expect, it } from 'vitest';
import { Aggregator } from './aggregator.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Aggregator', () => {
  it('buckets values by second and drains them once', () => {
    const agg = new Aggregator();
    const b = agg.buffer('k', 'Count');
    b.add(100, 1);
    b.add(100, 2);
    b.add(101, 5);
    b.add(100, 4); // out of order: joins its second
    const drained = agg.drain();
    expect(drained.map((d) => [d.second, d.dist.count, d.dist.sum]).sort()).toEqual([
      [100, 3, 7],
      [101, 1, 5],
    ]);
    expect(agg.drain()).toEqual([]);
    expect(agg.pendingSeries).toBe(0);
  });

  it('drains only the seconds before a bound', () => {
    const agg = new Aggregator();
    const b = agg.buffer('k', 'Count');
    b.add(100, 1);
    b.add(101, 1);
    expect(agg.drain(101).map((d) => d.second)).toEqual([100]);
    expect(agg.pendingSeries).toBe(1);
    expect(agg.drain().map((d) => d.second)).toEqual([101]);
  });

  it('keeps units apart', () => {
    const agg = new Aggregator();
    agg.buffer('k', 'Count').add(1, 1);
    agg.buffer('k', 'Seconds').add(1, 1);
    expect(
      agg
        .drain()
        .map((d) => d.unit)
        .sort(),
    ).toEqual(['Count', 'Seconds']);
  });

  it('announces new data once per turn of the event loop', async () => {
    const heard: string[][] = [];
    const agg = new Aggregator((keys) => heard.push([...keys].sort()));
    for (let i = 0; i < 1000; i++) {
      agg.buffer('a', 'Count').add(1, i);
      agg.buffer('b', 'Count').add(1, i);
    }
    await settle();
    agg.buffer('a', 'Count').add(2, 1);
    await settle();
    expect(heard).toEqual([['a', 'b'], ['a']]);
  });

  it('lets transient buffers (PutMetricData) go once drained, and keeps the ones callers hold', () => {
    const agg = new Aggregator();
    const held = agg.buffer('recorder', 'Count');
    for (let i = 0; i < 10_000; i++) agg.transientBuffer(`custom-${i}`, 'Count').add(1, i);
    // A series a caller holds stays held even when PutMetricData writes to it too.
    agg.transientBuffer('recorder', 'Count').add(1, 1);
    expect(agg.size).toBe(10_001);
    expect(agg.drain()).toHaveLength(10_001);
    expect(agg.size).toBe(1);
    held.add(2, 1);
    expect(agg.peek('recorder', 0, 10)).toHaveLength(1);
    // Asked for again later, a released series gets a fresh buffer that drains as before.
    agg.transientBuffer('custom-7', 'Count').add(3, 2);
    expect(agg.peek('custom-7', 0, 10).map((b) => b.dist.sum)).toEqual([2]);
    expect(
      agg
        .drain()
        .map((b) => b.key)
        .sort(),
    ).toEqual(['custom-7', 'recorder']);
    expect(agg.size).toBe(1);
  });
});
