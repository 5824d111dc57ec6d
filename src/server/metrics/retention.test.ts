import { describe, expect, it } from 'vitest';
import { Distribution } from './distribution.js';
import { chooseResolution, DEFAULT_TIERS, lateTiers, mergePoints, readPlan } from './retention.js';
import type { StoredPoint } from './store.js';

const NOW = 1_800_000_000; // seconds, a multiple of 3600
const tiers = DEFAULT_TIERS;

describe('retention tiers', () => {
  it('reads the finest tier that tiles the periods and still holds the data', () => {
    expect(chooseResolution(tiers, 10, NOW - 600, NOW)).toBe(1);
    expect(chooseResolution(tiers, 60, NOW - 600, NOW)).toBe(1);
    expect(chooseResolution(tiers, 60, NOW - 4 * 3600, NOW)).toBe(60); // 1 s points are gone
    expect(chooseResolution(tiers, 3600, NOW - 20 * 86400, NOW)).toBe(3600);
    expect(chooseResolution(tiers, 300, NOW - 20 * 86400, NOW)).toBe(60); // coarsest that tiles
    expect(chooseResolution(tiers, 10, NOW - 4 * 3600, NOW)).toBe(1); // nothing coarser tiles 10 s
  });

  it('reads a coarse tier up to its rollup watermark and finer tiers after it', () => {
    const watermarks = new Map([
      [1, NOW - 120],
      [60, NOW - 3600],
    ]);
    expect(readPlan(tiers, watermarks, 3600, NOW - 7200, NOW)).toEqual([
      { resolution: 3600, from: NOW - 7200, to: NOW - 3600 },
      { resolution: 60, from: NOW - 3600, to: NOW - 120 },
      { resolution: 1, from: NOW - 120, to: NOW },
    ]);
    expect(readPlan(tiers, watermarks, 1, NOW - 60, NOW)).toEqual([
      { resolution: 1, from: NOW - 60, to: NOW },
    ]);
  });

  it('late data is also written to tiers whose rollup already passed it', () => {
    const watermarks = new Map([
      [1, NOW - 120],
      [60, NOW - 3600],
    ]);
    expect(lateTiers(tiers, watermarks, NOW - 10)).toEqual([]);
    expect(lateTiers(tiers, watermarks, NOW - 600)).toEqual([60]);
    expect(lateTiers(tiers, watermarks, NOW - 7200)).toEqual([60, 3600]);
  });

  it('rolls points up into one per series, unit and bucket, keeping percentiles', () => {
    const point = (series: string, ts: number, ...values: number[]): StoredPoint => ({
      series,
      resolution: 1,
      ts,
      unit: 'Milliseconds',
      ...Distribution.of(...values).encode(),
    });
    const merged = mergePoints(
      [
        point('a', NOW + 1, 10),
        point('a', NOW + 59, 20, 30),
        point('a', NOW + 60, 5),
        point('b', NOW + 2, 1),
      ],
      60,
    );
    expect(merged.map((p) => [p.series, p.ts, p.count, p.sum])).toEqual([
      ['a', NOW, 3, 60],
      ['a', NOW + 60, 1, 5],
      ['b', NOW, 1, 1],
    ]);
    expect(Distribution.decode(merged[0]!).percentile(1)).toBeCloseTo(30, 0);
  });
});
