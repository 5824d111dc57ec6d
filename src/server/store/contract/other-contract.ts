import { describe, expect, it } from 'vitest';
import type { HttpApiAggregate } from '../../apigateway/http/model.js';
import type {
  DeploymentRecord,
  ResourceRecord,
  RestApiRecord,
  StageRecord,
} from '../../apigateway/rest/model.js';
import type { CustomerPolicyRecord, RoleRecord } from '../../iam/iam-model.js';
import type { HistoryEvent } from '../../states/interpreter/events.js';
import type { ExecutionRecord, StateMachineRecord } from '../../states/records.js';
import { record, type StoreHarness } from './harness.js';

const restApi = (id: string, createdDate: number): RestApiRecord =>
  record<RestApiRecord>({ id, name: id, createdDate, rootResourceId: 'root' });
const httpApi = (apiId: string, createdDate: number): HttpApiAggregate => ({
  api: {
    apiId,
    name: apiId,
    protocolType: 'HTTP',
    routeSelectionExpression: '$request.method $request.path',
    createdDate,
  },
  integrations: [],
  routes: [{ routeId: 'r1', routeKey: '$default' }],
  stages: [],
});
const machine = (name: string): StateMachineRecord =>
  record<StateMachineRecord>({ arn: `arn:m:${name}`, name, definition: '{}' });
const execution = (
  name: string,
  status: string,
  startDate: number,
  wakeAt?: number,
  machineName = 'm1',
): ExecutionRecord =>
  record<ExecutionRecord>({
    arn: `arn:e:${name}`,
    stateMachineArn: `arn:m:${machineName}`,
    name,
    status,
    startDate,
    wakeAt,
    rev: 0,
  });
const event = (id: number): HistoryEvent =>
  record<HistoryEvent>({ id, type: 'PassStateEntered', timestamp: id });
const role = (roleName: string): RoleRecord =>
  record<RoleRecord>({ roleName, arn: `arn:aws:iam::0:role/${roleName}`, path: '/' });
const customer = (policyName: string): CustomerPolicyRecord =>
  record<CustomerPolicyRecord>({ policyName, arn: `arn:aws:iam::0:policy/${policyName}`, document: '{}' });

export function otherContract(harness: StoreHarness): void {
  describe(`${harness.name}: the Event queue`, () => {
    it('keeps queued invocations with their payloads until removed', async () => {
      const store = await harness.open();
      const payload = Buffer.from([0, 1, 2, 255, 10]);
      await store.asyncInvocations.add({
        requestId: 'r2',
        functionName: 'f',
        qualifier: 'live',
        payload,
        attempts: 0,
        nextAttemptAt: 20,
        enqueuedAt: 1,
      });
      await store.asyncInvocations.add({
        requestId: 'r1',
        functionName: 'f',
        qualifier: undefined,
        payload: Buffer.from('{}'),
        attempts: 0,
        nextAttemptAt: 10,
        enqueuedAt: 2,
      });
      await expect(
        store.asyncInvocations.add({
          requestId: 'r1',
          functionName: 'f',
          qualifier: undefined,
          payload,
          attempts: 0,
          nextAttemptAt: 1,
          enqueuedAt: 1,
        }),
      ).rejects.toThrow();
      expect((await store.asyncInvocations.list()).map((r) => r.requestId)).toEqual(['r1', 'r2']);
      await store.asyncInvocations.reschedule('r1', 1, 30);
      expect((await store.asyncInvocations.list()).map((r) => [r.requestId, r.attempts])).toEqual([
        ['r2', 0],
        ['r1', 1],
      ]);
      const got = await store.asyncInvocations.get('r2');
      expect(got).toEqual({
        requestId: 'r2',
        functionName: 'f',
        qualifier: 'live',
        payload,
        attempts: 0,
        nextAttemptAt: 20,
        enqueuedAt: 1,
      });
      expect((await store.asyncInvocations.get('r1'))?.qualifier).toBeUndefined();
      await store.asyncInvocations.remove('r2');
      expect(await store.asyncInvocations.get('r2')).toBeUndefined();
    });
  });

  describe(`${harness.name}: API Gateway`, () => {
    it('keeps REST APIs as aggregates of resources, deployments and stages', async () => {
      const store = await harness.open();
      await store.restApis.transact('b', (current) => ({
        changes: [{ kind: 'putApi', api: restApi('b', 2) }],
        result: current,
      }));
      await store.restApis.transact('a', () => ({
        changes: [
          { kind: 'putApi', api: restApi('a', 1) },
          {
            kind: 'putResource',
            apiId: 'a',
            resource: record<ResourceRecord>({ id: 'root', path: '/', methods: {} }),
          },
          {
            kind: 'putResource',
            apiId: 'a',
            resource: record<ResourceRecord>({ id: 'r2', path: '/x', methods: {} }),
          },
          {
            kind: 'putDeployment',
            apiId: 'a',
            deployment: record<DeploymentRecord>({ id: 'd1', createdDate: 1, resources: [] }),
          },
          {
            kind: 'putStage',
            apiId: 'a',
            stage: record<StageRecord>({ stageName: 'prod', deploymentId: 'd1' }),
          },
          {
            kind: 'putStage',
            apiId: 'a',
            stage: record<StageRecord>({ stageName: 'beta', deploymentId: 'd1' }),
          },
        ],
        result: 0,
      }));
      expect((await store.restApis.list()).map((a) => a.id)).toEqual(['a', 'b']);
      const agg = await store.restApis.load('a');
      expect([...agg!.resources.keys()].sort()).toEqual(['r2', 'root']);
      expect([...agg!.stages.keys()]).toEqual(['beta', 'prod']);
      expect(agg!.deployments.get('d1')?.createdDate).toBe(1);
      await store.restApis.transact('a', () => ({
        changes: [
          { kind: 'deleteResource', apiId: 'a', resourceId: 'r2' },
          { kind: 'deleteStage', apiId: 'a', stageName: 'beta' },
          { kind: 'deleteDeployment', apiId: 'a', deploymentId: 'd1' },
        ],
        result: 0,
      }));
      const after = await store.restApis.load('a');
      expect([[...after!.resources.keys()], [...after!.stages.keys()], after!.deployments.size]).toEqual([
        ['root'],
        ['prod'],
        0,
      ]);
      await store.restApis.transact('a', () => ({ changes: [{ kind: 'deleteApi', apiId: 'a' }], result: 0 }));
      expect(await store.restApis.load('a')).toBeUndefined();
      await store.restApis.transact('a', () => ({
        changes: [{ kind: 'putApi', api: restApi('a', 3) }],
        result: 0,
      }));
      expect((await store.restApis.load('a'))!.stages.size).toBe(0);
    });

    it('keeps HTTP APIs whole', async () => {
      const store = await harness.open();
      await store.httpApis.transact('h2', () => ({
        change: { kind: 'put', api: httpApi('h2', 2) },
        result: 0,
      }));
      await store.httpApis.transact('h1', () => ({
        change: { kind: 'put', api: httpApi('h1', 1) },
        result: 0,
      }));
      expect((await store.httpApis.list()).map((a) => a.apiId)).toEqual(['h1', 'h2']);
      expect(await store.httpApis.load('h1')).toEqual(httpApi('h1', 1));
      const kept = await store.httpApis.transact('h1', (current) => ({
        change: { kind: 'none' },
        result: current?.routes.length,
      }));
      expect(kept).toBe(1);
      await store.httpApis.transact('h1', () => ({ change: { kind: 'delete' }, result: 0 }));
      expect(await store.httpApis.load('h1')).toBeUndefined();
    });
  });

  describe(`${harness.name}: Step Functions`, () => {
    it('answers the reader from machines, executions and their history', async () => {
      const store = await harness.open();
      await store.states.transact(() => ({
        changes: [
          { kind: 'putMachine', machine: machine('m2') },
          { kind: 'putMachine', machine: machine('m1') },
          { kind: 'putExecution', execution: execution('e1', 'RUNNING', 10, 100) },
          { kind: 'putExecution', execution: execution('e2', 'RUNNING', 20, 50) },
          { kind: 'putExecution', execution: execution('e3', 'SUCCEEDED', 30) },
          { kind: 'putExecution', execution: execution('e4', 'RUNNING', 40, undefined, 'm2') },
          { kind: 'appendEvents', arn: 'arn:e:e1', events: [event(1), event(2), event(3)] },
          { kind: 'appendEvents', arn: 'arn:e:e1', events: [event(4)] },
        ],
        result: 0,
      }));
      const seen = await store.states.read((r) => ({
        machine: r.machine('arn:m:m1')?.name,
        machines: r.machines().map((m) => m.name),
        execution: r.execution('arn:e:e2'),
        all: r.executions({}).map((e) => e.name),
        ofMachine: r.executions({ stateMachineArn: 'arn:m:m1' }).map((e) => e.name),
        running: r.executions({ status: 'RUNNING' }).map((e) => e.name),
        runningOfMachine: r.executions({ stateMachineArn: 'arn:m:m1', status: 'RUNNING' }).map((e) => e.name),
        runningArns: r.runningExecutions().sort(),
        due: r.dueExecutions(60),
        next: r.nextWake(),
        nextAfter: [r.nextWake(50), r.nextWake(100)],
        asc: r.history('arn:e:e1', { order: 'asc', afterId: 1, limit: 2 }).map((e) => e.id),
        desc: r.history('arn:e:e1', { order: 'desc', beforeId: 4, limit: 2 }).map((e) => e.id),
      }));
      expect(seen).toEqual({
        machine: 'm1',
        machines: ['m1', 'm2'],
        execution: execution('e2', 'RUNNING', 20, 50),
        all: ['e4', 'e3', 'e2', 'e1'],
        ofMachine: ['e3', 'e2', 'e1'],
        running: ['e4', 'e2', 'e1'],
        runningOfMachine: ['e2', 'e1'],
        runningArns: ['arn:e:e1', 'arn:e:e2', 'arn:e:e4'],
        due: ['arn:e:e2'],
        next: 50,
        nextAfter: [100, undefined],
        asc: [2, 3],
        desc: [3, 2],
      });
      await store.states.transact((r) => {
        const e = r.execution('arn:e:e1')!;
        return {
          changes: [
            {
              kind: 'putExecution',
              execution: { ...e, status: 'SUCCEEDED', wakeAt: undefined, rev: e.rev + 1 },
            },
            { kind: 'deleteMachine', arn: 'arn:m:m2' },
          ],
          result: 0,
        };
      });
      expect(
        await store.states.read((r) => [r.nextWake(), r.machines().length, r.execution('arn:e:e1')?.rev]),
      ).toEqual([50, 1, 1]);
      await expect(
        store.states.transact(() => ({
          changes: [{ kind: 'appendEvents', arn: 'arn:e:e1', events: [event(4)] }],
          result: 0,
        })),
      ).rejects.toThrow();
    });
  });

  describe(`${harness.name}: IAM`, () => {
    it('finds roles and policies regardless of case, keeps attachment order and counts', async () => {
      const store = await harness.open();
      await store.iam.transact(() => ({
        changes: [
          { kind: 'putRole', role: role('Builder') },
          { kind: 'putRole', role: role('admin') },
          { kind: 'putInlinePolicy', policy: { roleName: 'Builder', policyName: 'Zed', document: '{}' } },
          {
            kind: 'putInlinePolicy',
            policy: { roleName: 'Builder', policyName: 'alpha', document: '{"a":1}' },
          },
          { kind: 'attach', roleName: 'Builder', policyArn: 'arn:p:2' },
          { kind: 'attach', roleName: 'builder', policyArn: 'arn:p:1' },
          { kind: 'attach', roleName: 'Builder', policyArn: 'arn:p:2' },
          { kind: 'attach', roleName: 'admin', policyArn: 'arn:p:1' },
          { kind: 'putPolicy', policy: customer('Deploy') },
        ],
        result: 0,
      }));
      const seen = await store.iam.read((r) => ({
        role: r.role('BUILDER')?.roleName,
        roles: r.roles().map((x) => x.roleName),
        inline: r.inlinePolicy('builder', 'ALPHA')?.document,
        inlines: r.inlinePolicies('Builder').map((p) => p.policyName),
        attached: r.attachedPolicies('BUILDER'),
        count: r.attachmentCount('arn:p:1'),
        policy: r.policy('arn:aws:iam::0:policy/Deploy')?.policyName,
        byName: r.policyByName('deploy')?.arn,
        policies: r.policies().map((p) => p.policyName),
      }));
      expect(seen).toEqual({
        role: 'Builder',
        roles: ['admin', 'Builder'],
        inline: '{"a":1}',
        inlines: ['alpha', 'Zed'],
        attached: ['arn:p:2', 'arn:p:1'],
        count: 2,
        policy: 'Deploy',
        byName: 'arn:aws:iam::0:policy/Deploy',
        policies: ['Deploy'],
      });
      await store.iam.transact(() => ({
        changes: [
          { kind: 'detach', roleName: 'ADMIN', policyArn: 'arn:p:1' },
          { kind: 'deleteInlinePolicy', roleName: 'builder', policyName: 'zed' },
          { kind: 'deleteRole', roleName: 'Admin' },
          { kind: 'deletePolicy', arn: 'arn:aws:iam::0:policy/Deploy' },
        ],
        result: 0,
      }));
      expect(
        await store.iam.read((r) => [
          r.role('admin'),
          r.attachmentCount('arn:p:1'),
          r.inlinePolicies('builder').length,
          r.policies(),
        ]),
      ).toEqual([undefined, 1, 1, []]);
    });
  });
}
