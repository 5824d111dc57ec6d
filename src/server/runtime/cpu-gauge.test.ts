import { describe, expect, it } from 'vitest';
import { busyBetween, osCpuGauge, readCpuTimes, type CpuTimes } from './cpu-gauge.js';

describe('CPU gauge', () => {
  it('is the busy share of the CPU time between two readings', () => {
    expect(busyBetween({ busy: 100, total: 200 }, { busy: 250, total: 400 })).toBe(0.75);
    expect(busyBetween({ busy: 100, total: 200 }, { busy: 100, total: 200 })).toBe(0);
  });

  it('reads again only once a window of CPU time per core has passed', () => {
    const readings: CpuTimes[] = [
      { busy: 0, total: 0 },
      { busy: 50, total: 100 }, // 100 ms over 2 cores: too soon, still 0
      { busy: 390, total: 400 }, // 400 ms: (390 - 0) / 400
      { busy: 400, total: 500 }, // too soon after the last reading: unchanged
    ];
    let i = 0;
    const gauge = osCpuGauge(100, () => readings[i++]!, 2);
    expect(gauge.busyFraction()).toBe(0);
    expect(gauge.busyFraction()).toBeCloseTo(0.975);
    expect(gauge.busyFraction()).toBeCloseTo(0.975);
  });

  it('reads the machine', () => {
    const t = readCpuTimes();
    expect(t.total).toBeGreaterThan(0);
    expect(t.busy).toBeLessThanOrEqual(t.total);
  });
});
