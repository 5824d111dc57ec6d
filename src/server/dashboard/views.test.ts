import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../common/clock.js';
import { deployment, simulate, START, World } from '../deployments/test-support/sim.js';
import { DEFAULT_TIERS } from '../metrics/retention.js';
import type { AliasRecord } from '../functions/model.js';
import { weightSteps } from './deployment-page.js';
import { chooseWindow } from './metric-series.js';
import { rollbackPlan } from './rollback.js';

const CANARY = 'CodeDeployDefault.LambdaCanary10Percent5Minutes';

function alias(overrides: Partial<AliasRecord> = {}): AliasRecord {
  return {
    functionName: 'fn',
    name: 'live',
    functionVersion: '1',
    description: '',
    routing: undefined,
    revisionId: 'rev',
    ...overrides,
  };
}

describe('weights over time, from the decision log', () => {
  it('Given a canary that succeeds: 10% from the start, 100% five minutes later', () => {
    const [done] = simulate(deployment(CANARY), new World()).deployments;
    expect(done!.status).toBe('Succeeded');
    // Started and shifted in the same instant: the 10% is what held from then on.
    expect(weightSteps(done!, undefined)).toEqual([
      { at: START, weight: 10 },
      { at: START + 5 * MINUTE, weight: 100 },
    ]);
  });

  it('Given a canary stopped with rollback after two minutes: the rollback brings the weight back to 0', () => {
    const stop = {
      at: START + 2 * MINUTE,
      act: (_w: World, d: ReturnType<typeof deployment>) => ({
        ...d,
        stopRequest: { autoRollbackEnabled: true },
      }),
    };
    const [stopped, rollback] = simulate(deployment(CANARY), new World(), [stop]).deployments;
    expect(stopped!.status).toBe('Stopped');
    expect(rollback!.status).toBe('Succeeded');
    expect(weightSteps(stopped!, rollback)).toEqual([
      { at: START, weight: 10 },
      { at: START + 2 * MINUTE, weight: 0 },
    ]);
  });
});

describe('what rolling an alias back means', () => {
  const [succeeded] = simulate(deployment(CANARY), new World()).deployments;

  it('stops the deployment moving the alias, back to its current version', () => {
    const active = deployment(CANARY, { id: 'd-ACTIVE001', status: 'InProgress' });
    expect(
      rollbackPlan(alias({ routing: { version: '2', weight: 0.1 } }), [active, succeeded!]),
    ).toMatchObject({
      action: 'stop-deployment',
      deploymentId: 'd-ACTIVE001',
      toVersion: '1',
    });
  });

  it('drops a split nobody is deploying', () => {
    expect(rollbackPlan(alias({ routing: { version: '2', weight: 0.25 } }), [])).toMatchObject({
      action: 'clear-routing',
      toVersion: '1',
      description: 'Send all traffic to version 1 (drop the 25% on version 2)',
    });
  });

  it('points the alias back where the last deployment moved it from', () => {
    expect(rollbackPlan(alias({ functionVersion: '2' }), [succeeded!])).toMatchObject({
      action: 'previous-version',
      toVersion: '1',
      deploymentId: succeeded!.id,
    });
  });

  it('offers nothing when the alias is not where a deployment put it', () => {
    expect(rollbackPlan(alias({ functionVersion: '3' }), [succeeded!])).toBeUndefined();
    expect(rollbackPlan(alias(), [])).toBeUndefined();
    expect(rollbackPlan(alias({ name: 'other', functionVersion: '2' }), [succeeded!])).toBeUndefined();
  });
});

describe('chart periods', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  it.each([
    [2 * MINUTE, 1],
    [10 * MINUTE, 5],
    [HOUR, 30],
    [10 * HOUR, 300],
  ])('a %d ms deployment an hour ago is drawn in %d s periods', (span, period) => {
    const w = chooseWindow(now - span, now, now, DEFAULT_TIERS);
    expect(w.period).toBe(period);
    expect(w.from % period).toBe(0);
    expect((w.to - w.from) / period).toBeLessThanOrEqual(180);
  });

  it('uses minute periods for a deployment older than the one-second data', () => {
    const w = chooseWindow(now - 5 * HOUR, now - 5 * HOUR + 2 * MINUTE, now, DEFAULT_TIERS);
    expect(w.period).toBe(60);
  });
});
