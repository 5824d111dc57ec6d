import { describe, expect, it } from 'vitest';
import { Distribution } from './distribution.js';

function within1Percent(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(Math.abs(expected) * 0.01 + 1e-9);
}

describe('Distribution', () => {
  it('keeps count, sum, min and max exactly', () => {
    const d = Distribution.of(3, 1, 4, 1, 5);
    expect([d.count, d.sum, d.min, d.max]).toEqual([5, 14, 1, 5]);
  });

  it('percentiles use the nearest rank: p99 of five values is the largest', () => {
    const d = Distribution.of(5, 1, 2, 3, 3);
    expect(d.percentile(0.99)).toBe(5);
    within1Percent(d.percentile(0.5), 3);
    expect(d.percentile(0)).toBe(1);
  });

  it('percentiles of 1..10000 are within 1%', () => {
    const d = new Distribution();
    for (let i = 1; i <= 10_000; i++) d.add(i);
    within1Percent(d.percentile(0.5), 5000);
    within1Percent(d.percentile(0.9), 9000);
    within1Percent(d.percentile(0.99), 9900);
    within1Percent(d.percentile(0.999), 9990);
  });

  it('0/1 values (Invocations, Errors) need no sketch and are exact', () => {
    const d = new Distribution();
    for (let i = 0; i < 100; i++) d.add(i < 97 ? 0 : 1);
    expect([d.percentile(0.97), d.percentile(0.98), d.sum]).toEqual([0, 1, 3]);
    d.add(2.5); // a value that is not 0 or 1 brings the sketch in, keeping what was seen
    expect(d.percentile(0.5)).toBe(0);
    within1Percent(d.percentile(1), 2.5);
  });

  it('merging equals adding everything to one, negative values included', () => {
    const a = Distribution.of(-3, 7, 0, 12.5);
    const b = Distribution.of(-8, 1, 1, 40);
    const both = Distribution.of(-3, 7, 0, 12.5, -8, 1, 1, 40);
    a.merge(b);
    for (const q of [0, 0.25, 0.5, 0.75, 1]) expect(a.percentile(q)).toBeCloseTo(both.percentile(q)!, 9);
    expect([a.count, a.sum, a.min, a.max]).toEqual([8, 50.5, -8, 40]);
  });

  it('round-trips through its stored encoding', () => {
    const d = new Distribution();
    for (let i = 0; i < 500; i++) d.add((i * 37) % 1000);
    const back = Distribution.decode(d.encode());
    expect([back.count, back.sum, back.min, back.max]).toEqual([d.count, d.sum, d.min, d.max]);
    for (const q of [0.5, 0.9, 0.99]) expect(back.percentile(q)).toBe(d.percentile(q));
    const binary = Distribution.decode(Distribution.of(0, 1, 1).encode());
    expect(binary.percentile(1)).toBe(1);
  });

  it('statistic sets keep the five statistics but lose percentiles', () => {
    const d = Distribution.of(1, 2);
    d.addStatisticSet({ sampleCount: 3, sum: 30, minimum: 5, maximum: 15 });
    expect([d.count, d.sum, d.min, d.max, d.hasPercentiles]).toEqual([5, 33, 1, 15, false]);
    expect(d.percentile(0.5)).toBeUndefined();
    expect(Distribution.decode(d.encode()).percentile(0.5)).toBeUndefined();
  });

  it('weights count a value several times', () => {
    const d = new Distribution();
    d.add(10, 3);
    d.add(20, 1);
    expect([d.count, d.sum]).toEqual([4, 50]);
    within1Percent(d.percentile(0.75), 10);
    within1Percent(d.percentile(1), 20);
  });
});
