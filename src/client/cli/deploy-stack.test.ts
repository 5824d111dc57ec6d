import { describe, expect, it } from 'vitest';
import { summarizeStack } from './deploy-stack.js';

const watched = { functionName: 'pair-B', alias: 'live', deploymentId: 'd-ABCDEFGHI' };

describe("gradual deploy --cloudformation's last lines and exit code", () => {
  it('a refused change set exits 2 and says nothing was changed', () => {
    expect(
      summarizeStack({ kind: 'change-set-failed', stackName: 's', reason: 'Resource X is bad' }),
    ).toEqual({
      lines: [],
      errors: ['the change set failed, nothing was changed: Resource X is bad'],
      code: 2,
    });
  });

  it('a stack updated exits 0 with its outputs', () => {
    const out = summarizeStack({
      kind: 'ended',
      stackName: 's',
      end: { status: 'UPDATE_COMPLETE', failures: [], followed: [{ watched, status: 'Succeeded' }] },
      outputs: [{ key: 'Url', value: 'http://x' }],
    });
    expect(out).toEqual({
      lines: ['Outputs:', '  Url = http://x', 'Stack s: UPDATE_COMPLETE.'],
      errors: [],
      code: 0,
    });
  });

  it('a rolled-back update exits 1 with the stopped deployment, its reason said once', () => {
    const out = summarizeStack({
      kind: 'ended',
      stackName: 'pair',
      end: {
        status: 'UPDATE_ROLLBACK_COMPLETE',
        failures: [
          {
            logicalId: 'BAliaslive',
            status: 'UPDATE_FAILED',
            reason: 'CodeDeploy deployment d-ABCDEFGHI was stopped: alarm pair-b-errors',
          },
        ],
        followed: [{ watched, status: 'Stopped', reason: 'alarm pair-b-errors' }],
      },
      outputs: [],
    });
    expect(out.code).toBe(1);
    expect(out.lines).toEqual([
      'pair-B: deployment d-ABCDEFGHI Stopped:',
      '  alarm pair-b-errors',
      '  See why: gradual deployments d-ABCDEFGHI (its decision log), gradual logs pair-B',
      'BAliaslive UPDATE_FAILED: deployment d-ABCDEFGHI Stopped',
      'Stack pair: UPDATE_ROLLBACK_COMPLETE: every resource of the stack was rolled back.',
    ]);
  });

  it('the demo, whose server is gone when it ends, names no command to run', () => {
    const out = summarizeStack(
      {
        kind: 'ended',
        stackName: 'pair',
        end: {
          status: 'UPDATE_ROLLBACK_COMPLETE',
          failures: [],
          followed: [{ watched, status: 'Stopped', reason: 'alarm pair-b-errors' }],
        },
        outputs: [],
      },
      { outputs: false, hints: false },
    );
    expect(out.lines).toEqual([
      'pair-B: deployment d-ABCDEFGHI Stopped:',
      '  alarm pair-b-errors',
      'Stack pair: UPDATE_ROLLBACK_COMPLETE: every resource of the stack was rolled back.',
    ]);
  });

  it('a failure no deployment explains is printed with its reason', () => {
    const out = summarizeStack(
      {
        kind: 'ended',
        stackName: 'pair',
        end: {
          status: 'UPDATE_ROLLBACK_COMPLETE',
          failures: [{ logicalId: 'BFunction', status: 'UPDATE_FAILED', reason: 'Handler is bad' }],
          followed: [{ watched, status: 'Succeeded' }],
        },
        outputs: [],
      },
      { outputs: false, hints: false },
    );
    expect(out.lines).toEqual([
      'BFunction UPDATE_FAILED:',
      '  Handler is bad',
      'Stack pair: UPDATE_ROLLBACK_COMPLETE: every resource of the stack was rolled back.',
    ]);
  });

  it('--no-wait exits 0 and says how to follow the update', () => {
    expect(summarizeStack({ kind: 'started', stackName: 'pair' })).toEqual({
      lines: ['Stack pair: change set executed (not waiting).', '  Follow it: gradual stacks pair --watch'],
      errors: [],
      code: 0,
    });
  });

  it('a stack still busy with an earlier deploy exits 1 and says what to do', () => {
    const out = summarizeStack({ kind: 'busy', stackName: 'pair', status: 'UPDATE_IN_PROGRESS' });
    expect(out.code).toBe(1);
    expect(out.lines).toEqual([]);
    expect(out.errors).toEqual([
      'stack pair is UPDATE_IN_PROGRESS: an earlier deploy (or its rollback) is still running, so nothing was changed. ' +
        'Wait for it to end (follow it: gradual stacks pair --watch; or aws cloudformation wait stack-update-complete --stack-name pair), then deploy again',
    ]);
  });

  it("names the AWS CLI waiter for a first deploy's operation", () => {
    const out = summarizeStack({ kind: 'busy', stackName: 'pair', status: 'CREATE_IN_PROGRESS' });
    expect(out.errors[0]).toContain('aws cloudformation wait stack-create-complete --stack-name pair');
  });

  it('no changes exits 0 with the outputs', () => {
    expect(
      summarizeStack({ kind: 'no-changes', stackName: 's', outputs: [{ key: 'Url', value: 'http://x' }] }),
    ).toEqual({
      lines: ['Outputs:', '  Url = http://x', 'Stack s: no changes.'],
      errors: [],
      code: 0,
    });
  });
});
