import { describe, expect, it } from 'vitest';
import { execute, types, type FakeFunction } from '../test-support/run.js';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:DeployWorkflow-${name}`;

/** The state machine of seed 003 (aws-lambda-deploy's DeployStateMachine), word for word. */
const deployStateMachine = {
  Comment: 'A state machine that deploys a Lambda function incrementally using a Weighted Alias',
  StartAt: 'CalculateWeights',
  States: {
    CalculateWeights: {
      Type: 'Task',
      Resource: fn('CalculateWeights'),
      ResultPath: '$.weights',
      Next: 'UpdateWeight',
    },
    UpdateWeight: {
      Type: 'Task',
      Resource: fn('UpdateWeight'),
      ResultPath: '$.current-weight',
      Next: 'Wait',
    },
    Wait: { Type: 'Wait', SecondsPath: '$.interval', Next: 'HealthCheck' },
    HealthCheck: {
      Type: 'Task',
      Resource: fn('HealthCheck'),
      Next: 'VerifyHealthCheck',
      InputPath: '$',
      ResultPath: '$.status',
    },
    VerifyHealthCheck: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.status', StringEquals: 'FAILED', Next: 'Rollback' },
        { Variable: '$.status', StringEquals: 'SUCCEEDED', Next: 'IsFullyWeighted' },
      ],
      Default: 'Rollback',
    },
    IsFullyWeighted: {
      Type: 'Choice',
      Choices: [{ Variable: '$.current-weight', NumericEquals: 1, Next: 'Finalize' }],
      Default: 'UpdateWeight',
    },
    Rollback: { Type: 'Task', Resource: fn('Rollback'), Next: 'Fail', InputPath: '$', ResultPath: '$' },
    Fail: { Type: 'Fail', Cause: 'Function deployment failed', Error: 'HealthCheck returned FAILED' },
    Finalize: { Type: 'Task', Resource: fn('Finalize'), InputPath: '$', End: true },
  },
};

const input = {
  'function-name': 'MyFunction',
  'alias-name': 'MyAlias',
  'new-version': '2',
  steps: 4,
  interval: 120,
  type: 'linear',
};

function world(healthy: (weight: number) => boolean) {
  const alias = { version: '1', weight: 0 };
  const functions: Record<string, FakeFunction> = {
    [fn('CalculateWeights')]: (p) => {
      const steps = (p as { steps: number }).steps;
      return Array.from({ length: steps }, (_, i) => (i + 1) / steps);
    },
    [fn('UpdateWeight')]: (p) => {
      const e = p as { weights: number[]; 'current-weight'?: number };
      const next = e.weights.find((w) => w > (e['current-weight'] ?? 0))!;
      alias.weight = next;
      return next;
    },
    [fn('HealthCheck')]: () => (healthy(alias.weight) ? 'SUCCEEDED' : 'FAILED'),
    [fn('Rollback')]: (p) => {
      alias.weight = 0;
      return { ...(p as object), rolledBack: true };
    },
    [fn('Finalize')]: () => {
      alias.version = '2';
      alias.weight = 0;
      return 'finalized';
    },
  };
  return { alias, functions };
}

describe('seed 003: the deployment workflow as a state machine', () => {
  it('shifts a healthy version to 100% in four waits of 120 s and succeeds', () => {
    const { alias, functions } = world(() => true);
    const out = execute(deployStateMachine, input, functions);
    expect(out.state.status).toBe('SUCCEEDED');
    expect(out.state.output).toBe('finalized');
    expect(alias).toEqual({ version: '2', weight: 0 });
    expect(out.elapsed).toBe(4 * 120_000);
    expect(types(out.events).slice(0, 12)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'WaitStateEntered',
    ]);
    expect(out.events.at(-1)).toMatchObject({
      type: 'ExecutionSucceeded',
      previousEventId: out.events.at(-2)!.id,
    });
    out.events.forEach((e, i) => expect(e.id).toBe(i + 1));
  });

  it('rolls a failing version back and fails with the definition’s Error and Cause', () => {
    const { alias, functions } = world((w) => w < 0.5);
    const out = execute(deployStateMachine, input, functions);
    expect(out.state).toMatchObject({
      status: 'FAILED',
      error: 'HealthCheck returned FAILED',
      cause: 'Function deployment failed',
    });
    expect(alias.weight).toBe(0);
    expect(types(out.events).slice(-3)).toEqual(['TaskStateExited', 'FailStateEntered', 'ExecutionFailed']);
    expect(out.events.at(-1)!.details).toEqual({
      key: 'executionFailedEventDetails',
      value: { error: 'HealthCheck returned FAILED', cause: 'Function deployment failed' },
    });
  });
});
