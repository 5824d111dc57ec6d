import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../common/random.js';
import { parseJudgeConfig } from '../config.js';
import { simulateThroughEngine } from './engine-sim.js';
import { lognormal, simulateCanary, type Scenario } from './traffic-sim.js';

const good = { errorRate: 0.003, latency: lognormal(50, 0.5) };
const scenario = (errorRate: number): Scenario => ({
  rps: 20,
  schedule: [
    { weight: 10, holdMs: 30 * 60_000 },
    { weight: 100, holdMs: 0 },
  ],
  current: good,
  target: { ...good, errorRate },
});
const judged = { kind: 'judge' as const, config: parseJudgeConfig({}), lookMs: 10_000 };

describe('simulateCanary', () => {
  it('Given a version failing 2% against 0.3%, the judge rolls it back within the canary', () => {
    const o = simulateCanary(scenario(0.02), judged, seededRandom(1));
    expect(o.result).toBe('rolled-back');
    expect(o.durationMs).toBeLessThan(30 * 60_000);
    expect(o.targetRequests).toBeGreaterThan(0);
  });

  it('Given an identical version, the judge lets the canary run its 30 minutes and promotes it', () => {
    const o = simulateCanary(scenario(0.003), judged, seededRandom(2));
    expect(o).toMatchObject({ result: 'promoted', durationMs: 30 * 60_000 });
    expect(o.minutes).toHaveLength(30);
    expect(o.targetRequests).toBeGreaterThan(3000);
  });

  it('Given an alarm whose threshold the new version crosses, it rolls back at that minute', () => {
    const alarm = {
      kind: 'alarm' as const,
      alarm: { metric: 'Errors' as const, threshold: 0, datapoints: 1, periods: 1 },
    };
    const o = simulateCanary(scenario(0.5), alarm, seededRandom(3));
    expect(o).toMatchObject({ result: 'rolled-back', durationMs: 60_000 });
  });

  it('is reproducible from its seed', () => {
    const a = simulateCanary(scenario(0.02), judged, seededRandom(9));
    const b = simulateCanary(scenario(0.02), judged, seededRandom(9));
    expect(a).toEqual(b);
  });
});

describe('simulateThroughEngine', () => {
  it("Given a version failing 2% against 0.3%, the engine's step function rolls it back on the judge's word", () => {
    const o = simulateThroughEngine(scenario(0.02), judged, seededRandom(1));
    expect(o.result).toBe('rolled-back');
    expect(o.durationMs).toBeLessThan(30 * 60_000);
  });

  it('Given an alarm guard, the engine stops at the breaching minute', () => {
    const alarm = {
      kind: 'alarm' as const,
      alarm: { metric: 'Errors' as const, threshold: 0, datapoints: 1, periods: 1 },
    };
    const o = simulateThroughEngine(scenario(0.5), alarm, seededRandom(3));
    expect(o).toMatchObject({ result: 'rolled-back', durationMs: 60_000 });
  });
});
