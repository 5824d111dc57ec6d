import { describe, expect, it } from 'vitest';
import { parseJudgeConfig } from './config.js';
import { timeToDetect } from './plan.js';

const canary = (minutes: number) => [
  { weight: 10, holdMs: minutes * 60_000 },
  { weight: 100, holdMs: 0 },
];

describe('timeToDetect', () => {
  it('0.3% -> 2% at 20 requests/s on a 10% canary: a few minutes, several hundred users', () => {
    const d = timeToDetect(parseJudgeConfig({}), {
      rps: 20,
      schedule: canary(30),
      baseRate: 0.003,
      ratio: 0.02 / 0.003,
    });
    expect(d.afterMs).toBeGreaterThan(2 * 60_000);
    expect(d.afterMs).toBeLessThan(8 * 60_000);
    expect(d.targetRequests).toBe(Math.round((20 * 0.1 * d.afterMs!) / 1000));
  });

  it('needs more time for a smaller effect, less with more traffic', () => {
    const config = parseJudgeConfig({});
    const small = timeToDetect(config, { rps: 20, schedule: canary(600), baseRate: 0.003, ratio: 2 });
    const big = timeToDetect(config, { rps: 20, schedule: canary(600), baseRate: 0.003, ratio: 6 });
    const busy = timeToDetect(config, { rps: 200, schedule: canary(600), baseRate: 0.003, ratio: 2 });
    expect(small.afterMs!).toBeGreaterThan(big.afterMs!);
    expect(busy.afterMs!).toBeLessThan(small.afterMs!);
  });

  it('says when the schedule ends before the effect can be seen', () => {
    const d = timeToDetect(parseJudgeConfig({}), {
      rps: 1,
      schedule: canary(5),
      baseRate: 0.003,
      ratio: 1.5,
    });
    expect(d.afterMs).toBeUndefined();
    expect(d.targetRequests).toBe(30);
  });

  it('cannot detect anything within the tolerance', () => {
    const d = timeToDetect(parseJudgeConfig({}), {
      rps: 1000,
      schedule: canary(60),
      baseRate: 0.01,
      ratio: 1.1,
    });
    expect(d.afterMs).toBeUndefined();
  });
});
