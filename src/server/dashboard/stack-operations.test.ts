import { describe, expect, it } from 'vitest';
import type { StackEvent } from '../cloudformation/model.js';
import { deployment, START } from '../deployments/test-support/sim.js';
import { deploymentRow, deploymentsOf, operationWindows } from './stack-operations.js';

const CANARY = 'CodeDeployDefault.LambdaCanary10Percent5Minutes';
let n = 0;

/** Events as DescribeStackEvents lists them: newest first. */
function history(...rows: [number, string, string?][]): StackEvent[] {
  return rows
    .map(([at, status, logicalId]) => ({
      eventId: `e${++n}`,
      stackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/pair/1',
      stackName: 'pair',
      logicalResourceId: logicalId ?? 'pair',
      physicalResourceId: '',
      resourceType: logicalId ? 'AWS::Lambda::Alias' : 'AWS::CloudFormation::Stack',
      timestamp: START + at,
      resourceStatus: status,
    }))
    .reverse();
}

describe("a stack's operations, from its events", () => {
  it('a change-set create, then an update that rolled back: newest first, each with its end', () => {
    const windows = operationWindows(
      history(
        [0, 'REVIEW_IN_PROGRESS'],
        [1, 'CREATE_IN_PROGRESS'],
        [2, 'CREATE_IN_PROGRESS', 'AAlias'],
        [3, 'CREATE_COMPLETE', 'AAlias'],
        [4, 'CREATE_COMPLETE'],
        [10, 'UPDATE_IN_PROGRESS'],
        [11, 'UPDATE_IN_PROGRESS', 'AAlias'],
        [20, 'UPDATE_FAILED', 'AAlias'],
        [20, 'UPDATE_ROLLBACK_IN_PROGRESS'],
        [25, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'],
        [26, 'UPDATE_ROLLBACK_COMPLETE'],
      ),
    );
    expect(windows).toEqual([
      { kind: 'UPDATE', started: START + 10, ended: START + 26, status: 'UPDATE_ROLLBACK_COMPLETE' },
      { kind: 'CREATE', started: START + 1, ended: START + 4, status: 'CREATE_COMPLETE' },
    ]);
  });

  it('an update under way has no end, and its latest status', () => {
    const [now] = operationWindows(
      history([0, 'CREATE_IN_PROGRESS'], [1, 'CREATE_COMPLETE'], [5, 'UPDATE_IN_PROGRESS']),
    );
    expect(now).toEqual({
      kind: 'UPDATE',
      started: START + 5,
      ended: undefined,
      status: 'UPDATE_IN_PROGRESS',
    });
  });

  it("a resource's *_IN_PROGRESS does not start an operation", () => {
    expect(operationWindows(history([0, 'UPDATE_IN_PROGRESS', 'AAlias']))).toEqual([]);
  });
});

describe('the deployments an operation started', () => {
  const window = { kind: 'UPDATE' as const, started: START, ended: START + 60_000, status: 'x' };
  const before = deployment(CANARY, { id: 'd-BEFORE001', createTime: START - 1 });
  const started = deployment(CANARY, { id: 'd-STARTED01', createTime: START + 5, status: 'Stopped' });
  const rollback = deployment(CANARY, {
    id: 'd-ROLLBACK1',
    createTime: START + 70_000,
    isRollback: true,
    rollbackInfo: { rollbackTriggeringDeploymentId: 'd-STARTED01', rollbackMessage: 'm' },
  });
  const otherRollback = deployment(CANARY, {
    id: 'd-ROLLBACK2',
    createTime: START + 10,
    isRollback: true,
    rollbackInfo: { rollbackTriggeringDeploymentId: 'd-BEFORE001', rollbackMessage: 'm' },
  });

  it("those created while it ran, and CodeDeploy's rollbacks of them, oldest first", () => {
    expect(deploymentsOf(window, [rollback, otherRollback, started, before]).map((d) => d.id)).toEqual([
      'd-STARTED01',
      'd-ROLLBACK1',
    ]);
  });

  it('an operation under way takes every deployment since it began', () => {
    const open = { ...window, ended: undefined };
    expect(deploymentsOf(open, [before, started]).map((d) => d.id)).toEqual(['d-STARTED01']);
  });

  it("a row names the alias and the versions from the deployment's AppSpec", () => {
    expect(deploymentRow(started)).toMatchObject({
      id: 'd-STARTED01',
      application: 'app',
      group: 'group',
      status: 'Stopped',
      isRollback: false,
      created: START + 5,
    });
    expect(deploymentRow(started).functionName).toBeDefined();
  });
});
