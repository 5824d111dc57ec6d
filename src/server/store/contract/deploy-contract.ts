import { describe, expect, it } from 'vitest';
import type { Deployment, DeploymentStatus } from '../../deployments/model.js';
import type {
  ApplicationRecord,
  ConfigRecord,
  GroupRecord,
  RevisionRecord,
} from '../../deployments/records.js';
import { record, type StoreHarness } from './harness.js';

const app = (name: string): ApplicationRecord => ({
  id: `id-${name}`,
  name,
  createTime: 1,
  computePlatform: 'Lambda',
  tags: [],
});
const group = (
  applicationName: string,
  name: string,
  configName = 'CodeDeployDefault.LambdaAllAtOnce',
): GroupRecord =>
  record<GroupRecord>({
    id: `g-${name}`,
    applicationName,
    name,
    deploymentConfigName: configName,
    options: {},
  });
const deployment = (
  id: string,
  applicationName: string,
  groupName: string,
  status: DeploymentStatus,
  createTime: number,
): Deployment =>
  record<Deployment>({
    id,
    rev: 0,
    applicationName,
    groupName,
    status,
    createTime,
    log: [{ at: 1, event: 'created', reason: 'é ✓' }],
  });
const revision = (applicationName: string, sha256: string): RevisionRecord =>
  record<RevisionRecord>({
    applicationName,
    sha256,
    revisionType: 'AppSpecContent',
    content: 'x',
    deploymentGroups: [],
  });

export function deployContract(harness: StoreHarness): void {
  describe(`${harness.name}: CodeDeploy`, () => {
    it('answers every reader question from what decisions wrote', async () => {
      const store = await harness.open();
      await store.deploy.transact(() => ({
        changes: [
          { kind: 'putApplication', application: app('b') },
          { kind: 'putApplication', application: app('a') },
          { kind: 'putGroup', group: group('a', 'g2', 'custom') },
          { kind: 'putGroup', group: group('a', 'g1') },
          {
            kind: 'putConfig',
            config: record<ConfigRecord>({ id: 'c', name: 'custom', createTime: 1, routing: {} }),
          },
          { kind: 'putRevision', revision: revision('a', 'ff') },
          { kind: 'putRevision', revision: revision('a', '00') },
          { kind: 'putDeployment', deployment: deployment('d-1', 'a', 'g1', 'Succeeded', 10) },
          { kind: 'putDeployment', deployment: deployment('d-2', 'a', 'g1', 'Failed', 20) },
          { kind: 'putDeployment', deployment: deployment('d-3', 'a', 'g1', 'InProgress', 30) },
          { kind: 'putDeployment', deployment: deployment('d-4', 'a', 'g2', 'Created', 25) },
        ],
        result: undefined,
      }));
      const seen = await store.deploy.read((r) => ({
        application: r.application('a'),
        applications: r.applications().map((x) => x.name),
        group: r.group('a', 'g1')?.name,
        groups: r.groups('a').map((g) => g.name),
        config: r.config('custom')?.id,
        configs: r.configs().map((c) => c.name),
        using: r.groupsUsingConfig('custom'),
        revision: r.revision('a', 'ff')?.sha256,
        revisions: r.revisions('a').map((x) => x.sha256),
        deployment: r.deployment('d-2'),
        active: r.activeDeployment('a', 'g1')?.id,
        last: r.lastDeployments('a', 'g1'),
        ids: r.deploymentIds({}),
        filtered: r.deploymentIds({
          applicationName: 'a',
          groupName: 'g1',
          statuses: ['Succeeded', 'Failed'],
          createdAfter: 10,
          createdBefore: 20,
        }),
        activeIds: r.activeDeploymentIds(),
        missing: [
          r.application('zz'),
          r.deployment('zz'),
          r.activeDeployment('a', 'zz'),
          r.lastDeployments('b', 'x'),
        ],
      }));
      expect(seen).toEqual({
        application: app('a'),
        applications: ['a', 'b'],
        group: 'g1',
        groups: ['g1', 'g2'],
        config: 'c',
        configs: ['custom'],
        using: ['a/g2'],
        revision: 'ff',
        revisions: ['00', 'ff'],
        deployment: deployment('d-2', 'a', 'g1', 'Failed', 20),
        active: 'd-3',
        last: {
          attempted: deployment('d-3', 'a', 'g1', 'InProgress', 30),
          succeeded: deployment('d-1', 'a', 'g1', 'Succeeded', 10),
        },
        ids: ['d-3', 'd-4', 'd-2', 'd-1'],
        filtered: ['d-2', 'd-1'],
        activeIds: ['d-4', 'd-3'],
        missing: [undefined, undefined, undefined, {}],
      });
    });

    it('renames an application with its groups, deployments and revisions; deletes with its groups', async () => {
      const store = await harness.open();
      await store.deploy.transact(() => ({
        changes: [
          { kind: 'putApplication', application: app('old') },
          { kind: 'putGroup', group: group('old', 'g') },
          { kind: 'putRevision', revision: revision('old', 'aa') },
          { kind: 'putDeployment', deployment: deployment('d-1', 'old', 'g', 'Succeeded', 1) },
        ],
        result: 0,
      }));
      await store.deploy.transact(() => ({
        changes: [{ kind: 'renameApplication', from: 'old', to: 'new' }],
        result: 0,
      }));
      const after = await store.deploy.read((r) => ({
        old: r.application('old'),
        app: r.application('new')?.name,
        group: r.group('new', 'g')?.applicationName,
        revision: r.revision('new', 'aa')?.applicationName,
        deployment: r.deployment('d-1')?.applicationName,
        byApp: r.deploymentIds({ applicationName: 'new' }),
      }));
      expect(after).toEqual({
        old: undefined,
        app: 'new',
        group: 'new',
        revision: 'new',
        deployment: 'new',
        byApp: ['d-1'],
      });
      await store.deploy.transact(() => ({
        changes: [
          { kind: 'putGroup', group: group('new', 'h'), previousName: 'g' },
          {
            kind: 'putConfig',
            config: record<ConfigRecord>({ id: 'c', name: 'c', createTime: 1, routing: {} }),
          },
          { kind: 'deleteConfig', name: 'c' },
        ],
        result: 0,
      }));
      expect(await store.deploy.read((r) => [r.groups('new').map((g) => g.name), r.configs()])).toEqual([
        ['h'],
        [],
      ]);
      await store.deploy.transact(() => ({
        changes: [{ kind: 'deleteGroup', applicationName: 'new', name: 'h' }],
        result: 0,
      }));
      await store.deploy.transact(() => ({
        changes: [
          { kind: 'putGroup', group: group('new', 'k') },
          { kind: 'deleteApplication', name: 'new' },
        ],
        result: 0,
      }));
      expect(await store.deploy.read((r) => [r.applications(), r.groups('new')])).toEqual([[], []]);
    });

    it('runs a decision that reads many things, and refuses stale revisions as the engine does', async () => {
      const store = await harness.open();
      const other = await harness.openAgain();
      await store.deploy.transact(() => ({
        changes: Array.from({ length: 5 }, (_, i) => ({
          kind: 'putDeployment' as const,
          deployment: deployment(`d-${i}`, 'a', 'g', 'InProgress', i),
        })),
        result: 0,
      }));
      // Each writer bumps rev only if it saw the current one: concurrent bumps all land, in turn.
      const bump = (s: typeof store, id: string) =>
        s.deploy.transact((r) => {
          const all = r.activeDeploymentIds().map((x) => r.deployment(x)!);
          const d = all.find((x) => x.id === id)!;
          return {
            changes: [{ kind: 'putDeployment', deployment: { ...d, rev: d.rev + 1 } }],
            result: all.length,
          };
        });
      const counts = await Promise.all(
        Array.from({ length: 8 }, (_, i) => bump(i % 2 ? store : other, 'd-3')),
      );
      expect(counts).toEqual(Array(8).fill(5));
      expect((await store.deploy.read((r) => r.deployment('d-3')))?.rev).toBe(8);
      await expect(
        store.deploy.transact((r) => {
          if (r.deployment('d-0')) throw new Error('conflict');
          return { changes: [], result: 0 };
        }),
      ).rejects.toThrow('conflict');
    });
  });
}
