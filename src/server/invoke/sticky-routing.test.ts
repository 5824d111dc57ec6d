import { describe, expect, it } from 'vitest';
import { aggregate } from '../functions/test-support/fixtures.js';
import { resolveInvocation } from './resolution.js';
import { pickStickyVersion, pinnedVersion, routingPoint } from './routing.js';

const account = { region: 'us-east-1', accountId: '000000000000' };
const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

/** How the deployment engine writes a shift: the old version, plus the target at `weight`. */
const shifting = (weight: number) => ({ functionVersion: '1', routing: { version: '2', weight } });

describe('sticky, monotonic routing by key', () => {
  it('places a key at a fixed point in [0, 1)', () => {
    expect(routingPoint('user-1')).toBe(routingPoint('user-1'));
    expect(routingPoint('user-1')).not.toBe(routingPoint('user-2'));
    for (const key of keys.slice(0, 100)) {
      expect(routingPoint(key)).toBeGreaterThanOrEqual(0);
      expect(routingPoint(key)).toBeLessThan(1);
    }
  });

  it('puts 10% of 10,000 distinct keys on the new version at weight 0.1 (within 1.5 points)', () => {
    const onNew = keys.filter((k) => pickStickyVersion(shifting(0.1), routingPoint(k)) === '2').length;
    expect(Math.abs(onNew / keys.length - 0.1)).toBeLessThanOrEqual(0.015);
  });

  it('gives each key the same version every time while the weight holds', () => {
    const first = keys.map((k) => pickStickyVersion(shifting(0.1), routingPoint(k)));
    for (let round = 0; round < 3; round++) {
      // The keys that changed (one assertion on the list, not one per key: 10,000 cost 0.1 s).
      expect(keys.filter((k, i) => pickStickyVersion(shifting(0.1), routingPoint(k)) !== first[i])).toEqual(
        [],
      );
    }
  });

  it('moves keys only from old to new as the weight grows through a linear shift, then completes', () => {
    // Linear10PercentEvery...: 10%, 20%, ... 90%, then the alias points at the new version.
    const steps = [
      ...Array.from({ length: 9 }, (_, i) => shifting((i + 1) / 10)),
      { functionVersion: '2', routing: undefined },
    ];
    let previous = keys.map(() => '1');
    for (const alias of steps) {
      const now = keys.map((k) => pickStickyVersion(alias, routingPoint(k)));
      expect(keys.filter((_, i) => previous[i] === '2' && now[i] !== '2')).toEqual([]);
      previous = now;
    }
    expect(previous.every((v) => v === '2')).toBe(true);
  });

  it('raising the weight from 0.1 to 0.5 moves no key back to the old version', () => {
    const before = keys.map((k) => pickStickyVersion(shifting(0.1), routingPoint(k)));
    const after = keys.map((k) => pickStickyVersion(shifting(0.5), routingPoint(k)));
    const movedBack = keys.filter((_, i) => before[i] === '2' && after[i] === '1');
    expect(movedBack).toEqual([]);
    const onNew = after.filter((v) => v === '2').length / keys.length;
    expect(Math.abs(onNew - 0.5)).toBeLessThanOrEqual(0.015);
  });

  it('reads the same split however the alias writes it (1 + {2: 0.1} or 2 + {1: 0.9})', () => {
    const flipped = { functionVersion: '2', routing: { version: '1', weight: 0.9 } };
    const differing = keys.filter(
      (k) =>
        pickStickyVersion(flipped, routingPoint(k)) !== pickStickyVersion(shifting(0.1), routingPoint(k)),
    );
    expect(differing).toEqual([]);
  });

  it('keeps one version for a key when the alias has no routing', () => {
    expect(pickStickyVersion({ functionVersion: '3', routing: undefined }, 0.01)).toBe('3');
  });
});

describe('routing hints when resolving an invocation', () => {
  const agg = aggregate({
    versions: 3,
    aliases: [{ name: 'live', functionVersion: '1', routing: { version: '2', weight: 0.5 } }],
  });

  it('uses the key instead of the draw', () => {
    const key = keys.find((k) => routingPoint(k) < 0.5)!;
    for (const draw of [0, 0.99]) {
      expect(resolveInvocation(agg, 'f', 'live', account, () => draw, { key }).version).toBe('2');
    }
  });

  it('reaches a pinned version whatever the weights, keeping the alias ARN', () => {
    expect(resolveInvocation(agg, 'f', 'live', account, () => 0, { pinnedVersion: '3' })).toMatchObject({
      version: '3',
      invokedArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:live',
    });
    expect(() => resolveInvocation(agg, 'f', 'live', account, () => 0, { pinnedVersion: '9' })).toThrow(
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:9',
    );
  });

  it('accepts only $LATEST or a number as the pinned version', () => {
    expect(pinnedVersion('2')).toBe('2');
    expect(pinnedVersion('$LATEST')).toBe('$LATEST');
    expect(pinnedVersion(undefined)).toBeUndefined();
    expect(() => pinnedVersion('live')).toThrow(
      "X-Gradual-Version must be $LATEST or a version number, not 'live'.",
    );
  });
});
