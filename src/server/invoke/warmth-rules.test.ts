import { describe, expect, it } from 'vitest';
import { aggregate } from '../functions/test-support/fixtures.js';
import { provisionedAllocation, routedVersions, shouldRetire } from './warmth-rules.js';

const agg = aggregate({
  versions: 3,
  aliases: [
    { name: 'live', functionVersion: '2', routing: { version: '3', weight: 0.25 } },
    { name: 'stable', functionVersion: '1' },
  ],
});

describe('provisioned concurrency allocation', () => {
  it('gives a version its own count, and splits an alias by its weight', () => {
    expect(provisionedAllocation(agg, [{ qualifier: '1', requested: 3 }])).toEqual(new Map([['1', 3]]));
    expect(provisionedAllocation(agg, [{ qualifier: 'live', requested: 8 }])).toEqual(
      new Map([
        ['2', 6],
        ['3', 2],
      ]),
    );
  });

  it('adds configurations landing on the same version, and ignores ones that no longer resolve', () => {
    expect(
      provisionedAllocation(agg, [
        { qualifier: 'stable', requested: 2 },
        { qualifier: '1', requested: 1 },
        { qualifier: 'gone', requested: 5 },
        { qualifier: '9', requested: 5 },
      ]),
    ).toEqual(new Map([['1', 3]]));
  });
});

describe('retiring environments', () => {
  const routedNow = routedVersions(agg);
  const base = { agg, routedBefore: routedNow, routedNow, provisioned: new Set<string>() };

  it('knows which versions aliases route to', () => {
    expect(routedNow).toEqual(new Set(['2', '3', '1']));
  });

  it.each([
    ['a deleted function', { agg: undefined, version: '1', revisionId: 'rev-1' }, true],
    ['a deleted version', { version: '7', revisionId: 'x' }, true],
    ['a replaced $LATEST', { version: '$LATEST', revisionId: 'old' }, true],
    ['the current $LATEST', { version: '$LATEST', revisionId: 'rev-latest' }, false],
    ['a version still routed', { version: '2', revisionId: 'rev-2' }, false],
    [
      'a version an alias stopped routing to',
      {
        version: '4',
        revisionId: 'rev-4',
        agg: aggregate({ versions: 4 }),
        routedBefore: new Set(['4']),
        routedNow: new Set<string>(),
      },
      true,
    ],
    [
      'the same, kept by provisioned concurrency',
      {
        version: '4',
        revisionId: 'rev-4',
        agg: aggregate({ versions: 4 }),
        routedBefore: new Set(['4']),
        routedNow: new Set<string>(),
        provisioned: new Set(['4']),
      },
      false,
    ],
    [
      'a version invoked directly that no alias ever routed to',
      {
        version: '4',
        revisionId: 'rev-4',
        agg: aggregate({ versions: 4 }),
        routedBefore: new Set<string>(),
        routedNow: new Set<string>(),
      },
      false,
    ],
  ])('%s: %s', (_, input, expected) => {
    expect(shouldRetire({ ...base, ...input })).toBe(expected);
  });
});
