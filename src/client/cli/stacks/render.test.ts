import { describe, expect, it } from 'vitest';
import type { StackView } from '../../sdk/stacks.js';
import { describeStack, listStacks } from './render.js';

const at = Date.UTC(2026, 11, 7, 3, 0, 0);

describe('gradual stacks', () => {
  it('lists stacks with their status and why', () => {
    expect(
      listStacks([
        { name: 'seed', status: 'UPDATE_ROLLBACK_COMPLETE', reason: 'alarm', at },
        { name: 'tools', status: 'CREATE_COMPLETE', at: at - 60_000 },
      ]),
    ).toEqual([
      'STACK  STATUS                    UPDATED (UTC)        REASON',
      'seed   UPDATE_ROLLBACK_COMPLETE  2026-12-07 03:00:00  alarm',
      'tools  CREATE_COMPLETE           2026-12-07 02:59:00',
    ]);
    expect(listStacks([])).toEqual(['no stacks']);
  });

  it('shows a stack: outputs, resources with physical ids, the latest events oldest first', () => {
    const stack: StackView = {
      name: 'seed',
      status: 'UPDATE_ROLLBACK_COMPLETE',
      at,
      outputs: [{ key: 'LiveAlias', value: 'arn:aws:lambda:us-east-1:0:function:f:live' }],
      resources: [
        { logicalId: 'Fn', type: 'AWS::Lambda::Function', physicalId: 'f', status: 'UPDATE_COMPLETE' },
        { logicalId: 'FnRole', type: 'AWS::IAM::Role', status: 'CREATE_IN_PROGRESS' },
      ],
      events: [
        { id: 'e3', at: at + 3000, logicalId: 'seed', status: 'UPDATE_ROLLBACK_COMPLETE' },
        { id: 'e2', at: at + 2000, logicalId: 'FnAliaslive', status: 'UPDATE_FAILED', reason: 'hook failed' },
        {
          id: 'e1',
          at: at + 1000,
          logicalId: 'seed',
          status: 'UPDATE_IN_PROGRESS',
          reason: 'User Initiated',
        },
      ],
    };
    expect(describeStack(stack, 2)).toEqual([
      'seed  UPDATE_ROLLBACK_COMPLETE',
      '',
      'Outputs',
      '  LiveAlias  arn:aws:lambda:us-east-1:0:function:f:live',
      '',
      'Resources',
      '  LOGICAL ID  TYPE                   STATUS              PHYSICAL ID',
      '  Fn          AWS::Lambda::Function  UPDATE_COMPLETE     f',
      '  FnRole      AWS::IAM::Role         CREATE_IN_PROGRESS  -',
      '',
      'Events (latest 2 of 3)',
      '  2026-12-07 03:00:02  FnAliaslive  UPDATE_FAILED             hook failed',
      '  2026-12-07 03:00:03  seed         UPDATE_ROLLBACK_COMPLETE',
    ]);
  });
});
