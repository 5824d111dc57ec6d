import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/random.js';
import { aggregate } from '../functions/test-support/fixtures.js';
import { resolveInvocation } from './resolution.js';
import { pickVersion } from './routing.js';

const account = { region: 'us-east-1', accountId: '000000000000' };

describe('weighted pick', () => {
  const alias = { functionVersion: '1', routing: { version: '2', weight: 0.25 } };

  it.each([
    [0, '2'],
    [0.2499, '2'],
    [0.25, '1'],
    [0.9999, '1'],
  ])('draw %d goes to version %s', (draw, version) => {
    expect(pickVersion(alias, draw)).toBe(version);
  });

  it('always picks the alias version without routing', () => {
    expect(pickVersion({ functionVersion: '3', routing: undefined }, 0)).toBe('3');
  });

  it('splits 10,000 draws of a seeded source exactly as the draws fall', () => {
    const draws = seededRandom(42);
    const counts = { '1': 0, '2': 0 };
    for (let i = 0; i < 10_000; i++) counts[pickVersion(alias, draws.next()) as '1' | '2'] += 1;
    // The same seed, replayed: the split is a fact of the sequence, not an approximation.
    const replay = seededRandom(42);
    let expectedTwo = 0;
    for (let i = 0; i < 10_000; i++) if (replay.next() < 0.25) expectedTwo += 1;
    expect(counts['2']).toBe(expectedTwo);
    expect(counts['1']).toBe(10_000 - expectedTwo);
    expect(Math.abs(counts['2'] - 2500)).toBeLessThan(150);
  });
});

describe('resolving an invocation', () => {
  const agg = aggregate({
    versions: 2,
    aliases: [
      { name: 'live', functionVersion: '1', routing: { version: '2', weight: 0.5 } },
      { name: 'latest', functionVersion: '$LATEST' },
    ],
  });
  const resolve = (qualifier: string | undefined, draw = 0.9) =>
    resolveInvocation(agg, 'f', qualifier, account, () => draw);

  it('runs $LATEST for no qualifier, a version for a number, an alias by weight', () => {
    expect(resolve(undefined)).toMatchObject({
      version: '$LATEST',
      invokedArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    });
    expect(resolve('$LATEST').version).toBe('$LATEST');
    expect(resolve('2')).toMatchObject({
      version: '2',
      invokedArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:2',
    });
    expect(resolve('live', 0.9)).toMatchObject({
      version: '1',
      invokedArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:live',
    });
    expect(resolve('live', 0.1).version).toBe('2');
    expect(resolve('latest').version).toBe('$LATEST');
  });

  it.each([
    [undefined, undefined, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:g:$LATEST'],
    ['7', agg, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:7'],
    ['nope', agg, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:nope'],
  ])('404s qualifier %s with the message Lambda gives', (qualifier, which, message) => {
    const name = which ? 'f' : 'g';
    expect(() => resolveInvocation(which, name, qualifier, account, () => 0)).toThrow(message);
  });

  it('refuses a version that is not Active with 409', () => {
    const pending = aggregate({ fn: { latest: { ...agg.fn.latest, state: 'Pending' } } });
    expect(() => resolveInvocation(pending, 'f', undefined, account, () => 0)).toThrow(
      'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    );
  });
});
