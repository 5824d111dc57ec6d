import { describe, expect, it } from 'vitest';
import type { AliasRecord, FunctionRecord, VersionRecord } from '../../functions/model.js';
import type { FunctionUrlRecord } from '../../functions/store.js';
import type { PolicyRecord } from '../../functions/policy-store.js';
import { config } from '../../functions/test-support/fixtures.js';
import type { Store } from '../store.js';
import type { StoreHarness } from './harness.js';

export const fn = (name: string, overrides: Partial<FunctionRecord> = {}): FunctionRecord => ({
  name,
  latest: config({ code: { sha256Hex: `${name}-code`, size: 100, unzippedSize: 300 } }),
  lastVersion: 0,
  changedSincePublish: true,
  reservedConcurrency: undefined,
  tags: { team: 'a' },
  ...overrides,
});
const version = (functionName: string, n: number): VersionRecord => ({
  functionName,
  version: n,
  config: config({
    revisionId: `rev-${n}`,
    code: { sha256Hex: `${functionName}-v${n}`, size: 10, unzippedSize: 20 },
  }),
});
const alias = (functionName: string, name: string, overrides: Partial<AliasRecord> = {}): AliasRecord => ({
  functionName,
  name,
  functionVersion: '1',
  description: '',
  routing: undefined,
  revisionId: `${name}-rev`,
  ...overrides,
});
const url = (functionName: string, qualifier: string): FunctionUrlRecord => ({
  urlId: `${functionName}${qualifier}`
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')
    .padEnd(32, '0'),
  functionName,
  qualifier,
  authType: 'NONE',
  cors: undefined,
  invokeMode: 'BUFFERED',
  creationTime: 1,
  lastModifiedTime: 1,
});
const policy = (functionName: string, qualifier: string): PolicyRecord => ({
  functionName,
  qualifier,
  statements: [
    {
      Sid: 's1',
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: 'r',
    },
  ],
  revisionId: 'p1',
});

/** Creates a function with `versions` published versions and an alias `live` on version 1. */
export async function seed(store: Store, name: string, versions = 2): Promise<void> {
  await store.functions.transact(name, () => ({
    changes: [
      { kind: 'putFunction', fn: fn(name, { lastVersion: versions }) },
      ...Array.from({ length: versions }, (_, i) => ({
        kind: 'putVersion' as const,
        version: version(name, i + 1),
      })),
      { kind: 'putAlias', alias: alias(name, 'live') },
    ],
    result: undefined,
  }));
}

export function lambdaContract(harness: StoreHarness): void {
  describe(`${harness.name}: functions, versions and aliases`, () => {
    it('reads back what a decision wrote, as an aggregate', async () => {
      const store = await harness.open();
      expect(await store.functions.load('f')).toBeUndefined();
      await seed(store, 'f');
      const agg = await store.functions.load('f');
      expect(agg?.fn).toEqual(fn('f', { lastVersion: 2 }));
      expect([...agg!.versions.keys()]).toEqual([1, 2]);
      expect(agg!.versions.get(2)).toEqual(version('f', 2));
      expect(agg!.aliases.get('live')).toEqual(alias('f', 'live'));
      // Another process (or node) on the same data sees the same.
      const other = await harness.openAgain();
      expect(await other.functions.load('f')).toEqual(agg);
    });

    it('hands the decision the current aggregate and account totals; a throw changes nothing', async () => {
      const store = await harness.open();
      await store.functions.transact('a', () => ({
        changes: [{ kind: 'putFunction', fn: fn('a', { reservedConcurrency: 7 }) }],
        result: undefined,
      }));
      await store.functions.transact('b', () => ({
        changes: [{ kind: 'putFunction', fn: fn('b', { reservedConcurrency: 5 }) }],
        result: undefined,
      }));
      const seen = await store.functions.transact('a', (current, totals) => ({
        changes: [],
        result: { name: current?.fn.name, elsewhere: totals.reservedConcurrencyElsewhere },
      }));
      expect(seen).toEqual({ name: 'a', elsewhere: 5 });
      await expect(
        store.functions.transact('a', () => {
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect((await store.functions.load('a'))?.fn.reservedConcurrency).toBe(7);
    });

    it('serializes concurrent decisions: none acts on a stale aggregate', async () => {
      const store = await harness.open();
      await store.functions.transact('c', () => ({
        changes: [{ kind: 'putFunction', fn: fn('c') }],
        result: 0,
      }));
      const other = await harness.openAgain();
      const bump = (s: Store) =>
        s.functions.transact('c', (current) => {
          const next = current!.fn.lastVersion + 1;
          return {
            changes: [{ kind: 'putFunction', fn: { ...current!.fn, lastVersion: next } }],
            result: next,
          };
        });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => bump(i % 2 ? store : other)));
      expect([...results].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect((await store.functions.load('c'))?.fn.lastVersion).toBe(10);
    });

    it('deletes versions and aliases with their policies and URLs, and a function with everything', async () => {
      const store = await harness.open();
      await seed(store, 'f', 3);
      await store.functions.transact('f', () => ({
        changes: [{ kind: 'putAlias', alias: alias('f', 'beta', { functionVersion: '2' }) }],
        result: undefined,
      }));
      for (const q of ['', '2', 'beta', 'live']) {
        await store.policies.transact('f', q, () => ({
          changes: [{ kind: 'putPolicy', policy: policy('f', q) }],
          result: 0,
        }));
      }
      for (const q of ['$LATEST', 'beta', 'live']) {
        await store.functionUrls.transact('f', () => ({
          changes: [{ kind: 'putUrl', record: url('f', q) }],
          result: 0,
        }));
      }
      await store.functions.transact('f', () => ({
        changes: [
          { kind: 'deleteVersion', functionName: 'f', version: 2 },
          { kind: 'deleteAlias', functionName: 'f', name: 'beta' },
        ],
        result: 0,
      }));
      expect(await store.policies.load('f', '2')).toBeUndefined();
      expect(await store.policies.load('f', 'beta')).toBeUndefined();
      expect(await store.policies.load('f', 'live')).toEqual(policy('f', 'live'));
      expect((await store.functionUrls.list('f')).map((u) => u.qualifier)).toEqual(['$LATEST', 'live']);
      expect([...(await store.functions.load('f'))!.versions.keys()]).toEqual([1, 3]);

      await store.functions.transact('f', () => ({
        changes: [{ kind: 'deleteFunction', name: 'f' }],
        result: 0,
      }));
      expect(await store.functions.load('f')).toBeUndefined();
      expect(await store.policies.load('f', '')).toBeUndefined();
      expect(await store.policies.load('f', 'live')).toBeUndefined();
      expect(await store.functionUrls.list('f')).toEqual([]);
      expect(await store.functionUrls.list()).toEqual([]);
    });

    it('lists configurations in name and version order, page by page', async () => {
      const store = await harness.open();
      for (const name of ['b', 'a', 'B', 'c']) await seed(store, name, name === 'a' ? 2 : 1);
      const latest = await store.functions.listConfigs({ limit: 10, allVersions: false });
      expect(latest.map((c) => [c.functionName, c.version])).toEqual([
        ['B', 0],
        ['a', 0],
        ['b', 0],
        ['c', 0],
      ]);
      const page1 = await store.functions.listConfigs({ limit: 3, allVersions: true });
      expect(page1.map((c) => [c.functionName, c.version])).toEqual([
        ['B', 0],
        ['B', 1],
        ['a', 0],
      ]);
      const page2 = await store.functions.listConfigs({ after: page1[2], limit: 3, allVersions: true });
      expect(page2.map((c) => [c.functionName, c.version])).toEqual([
        ['a', 1],
        ['a', 2],
        ['b', 0],
      ]);
      expect(page2[1]!.config).toEqual(version('a', 2).config);
      expect(page1[0]!.config).toEqual(fn('B').latest);
    });

    it('answers the account-wide questions', async () => {
      const store = await harness.open();
      await seed(store, 'x', 2);
      await store.functions.transact('y', () => ({
        changes: [
          {
            kind: 'putFunction',
            fn: fn('y', {
              reservedConcurrency: 3,
              latest: config({ state: 'Pending', code: { sha256Hex: 'yy', size: 5, unzippedSize: 9 } }),
            }),
          },
        ],
        result: 0,
      }));
      await store.functions.transact('z', () => ({
        changes: [
          { kind: 'putFunction', fn: fn('z', { latest: config({ lastUpdateStatus: 'InProgress' }) }) },
        ],
        result: 0,
      }));
      expect((await store.functions.listUnsettled()).sort()).toEqual(['y', 'z']);
      expect(await store.functions.referencedCode()).toEqual(
        new Set(['x-code', 'x-v1', 'x-v2', 'yy', 'ab'.repeat(32)]),
      );
      expect(await store.functions.usage()).toEqual({
        functionCount: 3,
        totalCodeSize: 100 + 10 + 10 + 5 + 100,
        reservedConcurrency: 3,
      });
      expect(await store.functions.listAllAliases()).toEqual([alias('x', 'live')]);
    });
  });

  describe(`${harness.name}: provisioned concurrency, policies and URLs`, () => {
    it('keeps provisioned concurrency per qualifier', async () => {
      const store = await harness.open();
      await store.provisioned.put({ functionName: 'f', qualifier: 'live', requested: 2, lastModified: 5 });
      await store.provisioned.put({ functionName: 'f', qualifier: '3', requested: 1, lastModified: 6 });
      await store.provisioned.put({ functionName: 'g', qualifier: 'live', requested: 4, lastModified: 7 });
      await store.provisioned.put({ functionName: 'f', qualifier: 'live', requested: 9, lastModified: 8 });
      expect(await store.provisioned.list('f')).toEqual([
        { functionName: 'f', qualifier: '3', requested: 1, lastModified: 6 },
        { functionName: 'f', qualifier: 'live', requested: 9, lastModified: 8 },
      ]);
      await store.provisioned.delete('f', '3');
      expect((await store.provisioned.list()).map((r) => `${r.functionName}:${r.qualifier}`)).toEqual([
        'f:live',
        'g:live',
      ]);
    });

    it('decides a policy on the function and the current policy', async () => {
      const store = await harness.open();
      const missing = await store.policies.transact('f', '', (agg, current) => ({
        changes: [],
        result: [agg, current],
      }));
      expect(missing).toEqual([undefined, undefined]);
      await seed(store, 'f');
      await store.policies.transact('f', 'live', () => ({
        changes: [{ kind: 'putPolicy', policy: policy('f', 'live') }],
        result: 0,
      }));
      const seen = await store.policies.transact('f', 'live', (agg, current) => ({
        changes: [{ kind: 'deletePolicy', functionName: 'f', qualifier: 'live' }],
        result: [agg?.fn.name, current?.revisionId],
      }));
      expect(seen).toEqual(['f', 'p1']);
      expect(await store.policies.load('f', 'live')).toBeUndefined();
    });

    it('decides URLs on the function and its aliases', async () => {
      const store = await harness.open();
      expect(
        await store.functionUrls.transact('f', (owner, urls) => ({ changes: [], result: [owner, urls] })),
      ).toEqual([undefined, []]);
      await seed(store, 'f');
      await store.functionUrls.transact('f', (owner) => ({
        changes: [{ kind: 'putUrl', record: url('f', 'live') }],
        result: [...owner!.aliases],
      }));
      const updated = { ...url('f', 'live'), authType: 'AWS_IAM' as const, lastModifiedTime: 9 };
      await store.functionUrls.transact('f', () => ({
        changes: [{ kind: 'putUrl', record: updated }],
        result: 0,
      }));
      expect(await store.functionUrls.list()).toEqual([updated]);
      await store.functionUrls.transact('f', () => ({
        changes: [{ kind: 'deleteUrl', functionName: 'f', qualifier: 'live' }],
        result: 0,
      }));
      expect(await store.functionUrls.list('f')).toEqual([]);
    });
  });
}
