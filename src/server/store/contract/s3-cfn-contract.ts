import { describe, expect, it } from 'vitest';
import type { ChangeSetRecord, StackEvent, StackRecord } from '../../cloudformation/model.js';
import type { ObjectRecord, PartRecord, UploadRecord } from '../../s3/model.js';
import { record, type StoreHarness } from './harness.js';

const object = (key: string, blobs: string[]): ObjectRecord =>
  record<ObjectRecord>({ bucket: 'b', key, blobs, size: 1, etag: '"e"', metadata: {}, lastModified: 1 });
const stack = (stackId: string, stackName: string, creationTime: number, busy: boolean, wakeAt?: number) =>
  record<StackRecord>({
    stackId,
    stackName,
    status: busy ? 'CREATE_IN_PROGRESS' : 'DELETE_COMPLETE',
    creationTime,
    ...(busy ? { operation: { kind: 'create' } } : {}),
    ...(wakeAt !== undefined ? { wakeAt } : {}),
    rev: 0,
  });

export function s3CfnContract(harness: StoreHarness): void {
  describe(`${harness.name}: S3 and CloudFormation`, () => {
    it('lists objects in UTF-8 byte order by prefix and page; uploads keep their parts', async () => {
      const store = await harness.open();
      const keys = ['a/2', 'a/10', 'b', 'a/é', 'a/z', 'a/Z'];
      await store.s3.transact(() => ({
        changes: [
          { kind: 'putBucket', bucket: { name: 'b', region: 'us-east-1', creationDate: 1 } },
          ...keys.map((k, i) => ({ kind: 'putObject' as const, object: object(k, [`blob-${i}`]) })),
          { kind: 'putUpload', upload: record<UploadRecord>({ uploadId: 'u1', bucket: 'b', key: 'k' }) },
          { kind: 'putPart', part: record<PartRecord>({ uploadId: 'u1', partNumber: 2, blob: 'p2' }) },
          { kind: 'putPart', part: record<PartRecord>({ uploadId: 'u1', partNumber: 1, blob: 'p1' }) },
        ],
        result: undefined,
      }));
      const seen = await store.s3.read((r) => ({
        page1: r.objects('b', 'a/', '', 3).map((o) => o.key),
        page2: r.objects('b', 'a/', 'a/Z', 10).map((o) => o.key),
        count: r.objectCount('b'),
        parts: r.parts('u1').map((p) => p.partNumber),
        blobs: [...r.blobsInUse()].sort(),
      }));
      expect(seen).toEqual({
        page1: ['a/10', 'a/2', 'a/Z'],
        page2: ['a/z', 'a/é'],
        count: 6,
        parts: [1, 2],
        blobs: ['blob-0', 'blob-1', 'blob-2', 'blob-3', 'blob-4', 'blob-5', 'p1', 'p2'],
      });
      await store.s3.transact(() => ({
        changes: [
          { kind: 'deleteUpload', uploadId: 'u1' },
          { kind: 'deleteObject', bucket: 'b', key: 'b' },
        ],
        result: undefined,
      }));
      expect(await store.s3.read((r) => [r.upload('u1'), r.parts('u1'), r.object('b', 'b')])).toEqual([
        undefined,
        [],
        undefined,
      ]);
    });

    it('finds live, busy and due stacks, events newest first, change sets by stack', async () => {
      const store = await harness.open();
      await store.cloudformation.transact(() => ({
        changes: [
          { kind: 'putStack', stack: stack('s1', 'app', 1, false) },
          { kind: 'putStack', stack: stack('s2', 'app', 2, true, 50) },
          { kind: 'putStack', stack: stack('s3', 'other', 3, true, 20) },
          {
            kind: 'appendEvents',
            events: [1, 2, 3].map((n) => record<StackEvent>({ stackId: 's2', eventId: `e${n}` })),
          },
          {
            kind: 'putChangeSet',
            changeSet: record<ChangeSetRecord>({ changeSetId: 'c2', stackId: 's2', creationTime: 9 }),
          },
          {
            kind: 'putChangeSet',
            changeSet: record<ChangeSetRecord>({ changeSetId: 'c1', stackId: 's2', creationTime: 8 }),
          },
        ],
        result: undefined,
      }));
      await store.cloudformation.transact(() => ({
        changes: [{ kind: 'deleteChangeSet', changeSetId: 'c2' }],
        result: undefined,
      }));
      const seen = await store.cloudformation.read((r) => ({
        live: r.liveStack('app')?.stackId,
        gone: r.liveStack('nothing'),
        stacks: r.stacks().map((s) => s.stackId),
        busy: r.busyStackIds().sort(),
        due: r.dueStackIds(30),
        next: r.nextWake(),
        events: r.events('s2').map((e) => e.eventId),
        changeSets: r.changeSets('s2').map((c) => c.changeSetId),
      }));
      expect(seen).toEqual({
        live: 's2',
        gone: undefined,
        stacks: ['s3', 's2', 's1'],
        busy: ['s2', 's3'],
        due: ['s3'],
        next: 20,
        events: ['e3', 'e2', 'e1'],
        changeSets: ['c1'],
      });
    });
  });
}
