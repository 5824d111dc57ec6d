import type { CloudFormationClient, StackEvent } from '@aws-sdk/client-cloudformation';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { describe, expect, it } from 'vitest';
import type { DeploymentView } from '../sdk/deployments.js';
import { followStack, type Watched } from './follow-stack.js';

/** A stack update seen through fakes: each poll moves the script one step on. */
function world() {
  let step = 0;
  const events: StackEvent[] = [];
  const deployments: string[] = [];
  const event = (id: string, status: string, reason?: string): void => {
    events.unshift({
      EventId: `${id}-${status}-${events.length}`,
      LogicalResourceId: id,
      ResourceStatus: status,
      ...(reason ? { ResourceStatusReason: reason } : {}),
    } as StackEvent);
  };
  let status = 'UPDATE_IN_PROGRESS';
  const script: (() => void)[] = [
    () => event('pair', 'UPDATE_IN_PROGRESS'),
    () => {
      event('BAliaslive', 'UPDATE_IN_PROGRESS');
      deployments.unshift('d-B00000001', 'd-OTHER0001');
    },
    () => {
      event('BAliaslive', 'UPDATE_FAILED', 'CodeDeploy deployment d-B00000001 was stopped');
      event('pair', 'UPDATE_ROLLBACK_IN_PROGRESS');
      deployments.unshift('d-ROLLBACK1');
    },
    () => {
      event('pair', 'UPDATE_ROLLBACK_COMPLETE');
      status = 'UPDATE_ROLLBACK_COMPLETE';
    },
  ];
  const cfn = {
    send: (command: { constructor: { name: string } }) => {
      switch (command.constructor.name) {
        case 'DescribeStackEventsCommand':
          script[step++]?.();
          return Promise.resolve({ StackEvents: [...events] });
        case 'DescribeStacksCommand':
          return Promise.resolve({ Stacks: [{ StackStatus: status }] });
        case 'DescribeStackResourcesCommand':
          return Promise.resolve({
            StackResources: [
              { ResourceType: 'AWS::CodeDeploy::Application', PhysicalResourceId: 'app' },
              { ResourceType: 'AWS::CodeDeploy::DeploymentGroup', PhysicalResourceId: 'group' },
            ],
          });
        default:
          throw new Error(command.constructor.name);
      }
    },
  } as unknown as CloudFormationClient;
  const codeDeploy = {
    send: () => Promise.resolve({ deployments: [...deployments] }),
  } as unknown as CodeDeployClient;
  const view = (id: string): Promise<DeploymentView> =>
    Promise.resolve({
      deploymentId: id,
      applicationName: id === 'd-OTHER0001' ? 'elsewhere' : 'app',
      deploymentGroupName: 'group',
      creator: id === 'd-ROLLBACK1' ? 'codeDeployRollback' : 'user',
      gradual: { target: { functionName: 'pair-B', alias: 'live' } },
    } as unknown as DeploymentView);
  return { cfn, codeDeploy, view };
}

describe('following a stack update', () => {
  it("prints its events, watches the deployments it started (not others', not CodeDeploy's rollbacks), ends with its status", async () => {
    const { cfn, codeDeploy, view } = world();
    const lines: string[] = [];
    const watched: Watched[][] = [];
    const end = await followStack(
      {
        cfn,
        codeDeploy,
        view,
        watch: (batch) => {
          watched.push(batch);
          return Promise.resolve(batch.map(() => ({ status: 'Stopped', reason: 'alarm' })));
        },
        say: (line) => lines.push(line),
        sleep: () => Promise.resolve(),
      },
      'pair',
      { seen: new Set(), since: 0 },
    );
    expect(watched).toEqual([[{ functionName: 'pair-B', alias: 'live', deploymentId: 'd-B00000001' }]]);
    expect(lines).toEqual([
      'pair UPDATE_IN_PROGRESS',
      'BAliaslive UPDATE_IN_PROGRESS',
      'Following 1 deployment(s):',
      'BAliaslive UPDATE_FAILED: CodeDeploy deployment d-B00000001 was stopped',
      'pair UPDATE_ROLLBACK_IN_PROGRESS',
      'pair UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(end).toMatchObject({
      status: 'UPDATE_ROLLBACK_COMPLETE',
      failures: [{ logicalId: 'BAliaslive', reason: 'CodeDeploy deployment d-B00000001 was stopped' }],
      followed: [{ status: 'Stopped', reason: 'alarm' }],
    });
  });

  it('prints the last events of a stack that settles between two looks', async () => {
    const events: StackEvent[] = [
      { EventId: 'e1', LogicalResourceId: 'pair', ResourceStatus: 'UPDATE_IN_PROGRESS' } as StackEvent,
    ];
    let looks = 0;
    let status = 'UPDATE_IN_PROGRESS';
    const cfn = {
      send: (command: { constructor: { name: string } }) => {
        switch (command.constructor.name) {
          case 'DescribeStacksCommand':
            // The second look finds it settled: its last events (newest first) were written just before.
            if (++looks === 2) {
              events.unshift(
                { EventId: 'e3', LogicalResourceId: 'pair', ResourceStatus: 'UPDATE_COMPLETE' } as StackEvent,
                {
                  EventId: 'e2',
                  LogicalResourceId: 'BAliaslive',
                  ResourceStatus: 'UPDATE_COMPLETE',
                } as StackEvent,
              );
              status = 'UPDATE_COMPLETE';
            }
            return Promise.resolve({ Stacks: [{ StackStatus: status }] });
          case 'DescribeStackEventsCommand':
            return Promise.resolve({ StackEvents: [...events] });
          default:
            throw new Error(command.constructor.name);
        }
      },
    } as unknown as CloudFormationClient;
    const lines: string[] = [];
    const end = await followWithoutDeployments(cfn, lines, new Set());
    expect(lines).toEqual(['pair UPDATE_IN_PROGRESS', 'BAliaslive UPDATE_COMPLETE', 'pair UPDATE_COMPLETE']);
    expect(end.status).toBe('UPDATE_COMPLETE');
  });

  it('reads back page after page to the last event it saw, no further', async () => {
    const event = (n: number): StackEvent =>
      ({ EventId: `e${n}`, LogicalResourceId: `R${n}`, ResourceStatus: 'UPDATE_COMPLETE' }) as StackEvent;
    // e1 was seen before following; e2..e6 came since: more than one page of three.
    const pages: Record<string, { StackEvents: StackEvent[]; NextToken?: string }> = {
      first: { StackEvents: [event(6), event(5), event(4)], NextToken: 'second' },
      second: { StackEvents: [event(3), event(2), event(1)], NextToken: 'third' },
    };
    const asked: string[] = [];
    const cfn = {
      send: (command: { constructor: { name: string }; input: { NextToken?: string } }) => {
        switch (command.constructor.name) {
          case 'DescribeStacksCommand':
            return Promise.resolve({ Stacks: [{ StackStatus: 'UPDATE_COMPLETE' }] });
          case 'DescribeStackEventsCommand': {
            const token = command.input.NextToken ?? 'first';
            asked.push(token);
            const page = pages[token];
            return page ? Promise.resolve(page) : Promise.reject(new Error(`page ${token} read`));
          }
          default:
            throw new Error(command.constructor.name);
        }
      },
    } as unknown as CloudFormationClient;
    const lines: string[] = [];
    await followWithoutDeployments(cfn, lines, new Set(['e1']));
    expect(lines).toEqual([2, 3, 4, 5, 6].map((n) => `R${n} UPDATE_COMPLETE`));
    expect(asked).toEqual(['first', 'second']);
  });
});

/** Follows stack `pair` through `cfn` with no CodeDeploy deployment in sight, saying into `lines`. */
function followWithoutDeployments(
  cfn: CloudFormationClient,
  lines: string[],
  seen: Set<string>,
): ReturnType<typeof followStack> {
  const codeDeploy = { send: () => Promise.resolve({ deployments: [] }) } as unknown as CodeDeployClient;
  return followStack(
    {
      cfn,
      codeDeploy,
      view: () => Promise.reject(new Error('no deployments')),
      watch: () => Promise.resolve([]),
      say: (line) => lines.push(line),
      sleep: () => Promise.resolve(),
    },
    'pair',
    { seen, since: 0 },
  );
}
