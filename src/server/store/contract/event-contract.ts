import { describe, expect, it } from 'vitest';
import type { EventInvokeConfigRecord } from '../../functions/event-invoke-store.js';
import type { AsyncInvocationRecord } from '../../invoke/store.js';
import type { Store } from '../store.js';
import type { StoreHarness } from './harness.js';
import { fn, seed } from './lambda-contract.js';

const settings = (functionName: string, qualifier: string): EventInvokeConfigRecord => ({
  functionName,
  qualifier,
  maximumRetryAttempts: 1,
  onFailure: 'arn:aws:lambda:us-east-1:000000000000:function:dlq',
  lastModified: 5,
});
const queued = (requestId: string, nextAttemptAt: number): AsyncInvocationRecord => ({
  requestId,
  functionName: 'f',
  qualifier: undefined,
  payload: Buffer.from(requestId),
  attempts: 0,
  nextAttemptAt,
  enqueuedAt: 1,
});

/** What the decision saw, and the settings of every qualifier, after putting `qualifiers`. */
async function put(store: Store, name: string, qualifiers: string[]): Promise<unknown> {
  return store.eventInvokeConfigs.transact(name, (owner, configs, exists) => ({
    changes: qualifiers.map((q) => ({ kind: 'putConfig' as const, record: settings(name, q) })),
    result: {
      owner: owner && { versions: [...owner.versions].sort(), aliases: [...owner.aliases] },
      configs: configs.map((c) => c.qualifier),
      dlq: exists('dlq'),
      nope: exists('nope'),
    },
  }));
}

export function eventContract(harness: StoreHarness): void {
  describe(`${harness.name}: event invoke settings and the queue's marks`, () => {
    it('keeps settings per qualifier and deletes them with their alias, version or function', async () => {
      const store = await harness.open();
      await seed(store, 'f');
      await seed(store, 'dlq', 0);
      expect(await put(store, 'f', ['$LATEST', '1', '2', 'live'])).toEqual({
        owner: { versions: ['1', '2'], aliases: ['live'] },
        configs: [],
        dlq: true,
        nope: false,
      });
      expect(await put(store, 'f', [])).toMatchObject({ configs: ['$LATEST', '1', '2', 'live'] });
      expect(await store.eventInvokeConfigs.get('f', '1')).toEqual(settings('f', '1'));
      await store.functions.transact('f', () => ({
        changes: [
          { kind: 'deleteAlias', functionName: 'f', name: 'live' },
          { kind: 'deleteVersion', functionName: 'f', version: 2 },
        ],
        result: undefined,
      }));
      expect(await put(store, 'f', [])).toMatchObject({ configs: ['$LATEST', '1'] });
      await store.eventInvokeConfigs.transact('f', () => ({
        changes: [{ kind: 'deleteConfig', functionName: 'f', qualifier: '1' }],
        result: undefined,
      }));
      expect(await store.eventInvokeConfigs.get('f', '1')).toBeUndefined();
      await store.functions.transact('f', () => ({
        changes: [{ kind: 'deleteFunction', name: 'f' }],
        result: undefined,
      }));
      expect(await put(store, 'f', [])).toEqual({ owner: undefined, configs: [], dlq: true, nope: false });
      expect(await store.eventInvokeConfigs.get('f', '$LATEST')).toBeUndefined();
    });

    it('tells whether a code package is used, and sums reserved concurrency', async () => {
      const store = await harness.open();
      await seed(store, 'g');
      await store.functions.transact('h', () => ({
        changes: [{ kind: 'putFunction', fn: fn('h', { reservedConcurrency: 7 }) }],
        result: undefined,
      }));
      expect(await store.functions.referencesCode('g-code')).toBe(true);
      expect(await store.functions.referencesCode('g-v2')).toBe(true);
      expect(await store.functions.referencesCode('nobody')).toBe(false);
      expect(await store.functions.reservedConcurrency()).toBe(7);
    });

    it('marks an attempt started until it is rescheduled, and swaps an event for its follow-up', async () => {
      const store = await harness.open();
      await store.asyncInvocations.add(queued('e1', 10));
      await store.asyncInvocations.markStarted('e1', 12);
      expect((await store.asyncInvocations.get('e1'))?.startedAt).toBe(12);
      await store.asyncInvocations.reschedule('e1', 1, 40);
      expect(await store.asyncInvocations.get('e1')).toEqual({ ...queued('e1', 40), attempts: 1 });
      await store.asyncInvocations.remove('e1', queued('e2', 50));
      expect((await store.asyncInvocations.list()).map((r) => r.requestId)).toEqual(['e2']);
      // A follow-up that cannot be queued (its id is taken) leaves the event queued.
      await store.asyncInvocations.add(queued('e3', 70));
      await expect(store.asyncInvocations.remove('e2', queued('e3', 60))).rejects.toThrow();
      expect((await store.asyncInvocations.list()).map((r) => r.requestId)).toEqual(['e2', 'e3']);
    });
  });
}
