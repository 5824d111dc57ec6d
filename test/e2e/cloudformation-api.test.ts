import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  UpdateStackCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
  type Capability,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetAliasCommand, GetFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { stackServer } from '../support/cloudformation.js';

const s = stackServer();
const WAIT = { maxWaitTime: 120, minDelay: 1, maxDelay: 1 };
const IAM: Capability[] = ['CAPABILITY_IAM'];

/** Waits with an SDK waiter; on failure, the error carries the stack's events (what went wrong). */
async function settle(
  waiter: (
    p: { client: CloudFormationClient; maxWaitTime: number },
    i: { StackName: string },
  ) => Promise<unknown>,
  name: string,
): Promise<void> {
  try {
    await waiter({ client: s.c.cfn, ...WAIT }, { StackName: name });
  } catch (error) {
    const events =
      (await s.c.cfn.send(new DescribeStackEventsCommand({ StackName: name }))).StackEvents ?? [];
    const lines = events.map(
      (e) => `${e.LogicalResourceId} ${e.ResourceStatus} ${e.ResourceStatusReason ?? ''}`,
    );
    throw new Error(`${name} did not settle:\n${lines.join('\n')}`, { cause: error });
  }
}

const template = (message: string, extra = ''): string => `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Greeting:
    Type: String
    Default: hello
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-fn'
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt FnRole.Arn
      Code:
        ZipFile: |
          exports.handler = async () => ({ says: '${message}' });
      Environment:
        Variables:
          GREETING: !Ref Greeting
  Version:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Fn
      Description: ${message}
  Live:
    Type: AWS::Lambda::Alias
    Properties:
      Name: live
      FunctionName: !Ref Fn
      FunctionVersion: !GetAtt Version.Version
  Errors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions: [{ Name: FunctionName, Value: !Ref Fn }]
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
${extra}
Outputs:
  AliasArn:
    Value: !Ref Live
    Export:
      Name: !Sub '\${AWS::StackName}-alias'
`;

describe('CloudFormation through the SDK v3 client', () => {
  it('creates a stack of raw resources, updates it through a change set, deletes it', async () => {
    const refused = await s.c.cfn
      .send(new CreateStackCommand({ StackName: 'raw', TemplateBody: template('one') }))
      .catch((e: Error) => e);
    expect(refused).toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_IAM]',
    });
    const created = await s.c.cfn.send(
      new CreateStackCommand({ StackName: 'raw', TemplateBody: template('one'), Capabilities: IAM }),
    );
    expect(created.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/raw\//);
    await settle(waitUntilStackCreateComplete, 'raw');
    const [stack] = (await s.c.cfn.send(new DescribeStacksCommand({ StackName: 'raw' }))).Stacks ?? [];
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack?.Outputs?.[0]).toMatchObject({
      OutputKey: 'AliasArn',
      OutputValue: 'arn:aws:lambda:us-east-1:000000000000:function:raw-fn:live',
      ExportName: 'raw-alias',
    });
    const roleName = (
      await s.c.cfn.send(new DescribeStackResourcesCommand({ StackName: 'raw', LogicalResourceId: 'FnRole' }))
    ).StackResources?.[0]?.PhysicalResourceId;
    const made = await s.c.iam.send(new GetRoleCommand({ RoleName: roleName! }));
    const fn = await s.t.lambda.send(new GetFunctionCommand({ FunctionName: 'raw-fn' }));
    expect(fn.Configuration?.Role).toBe(made.Role?.Arn);
    const out = await s.t.lambda.send(new InvokeCommand({ FunctionName: 'raw-fn:live' }));
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toEqual({ says: 'one' });

    const cs = await s.c.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'raw',
        ChangeSetName: 'two',
        TemplateBody: template('two'),
        ChangeSetType: 'UPDATE',
        Capabilities: IAM,
      }),
    );
    await waitUntilChangeSetCreateComplete({ client: s.c.cfn, ...WAIT }, { ChangeSetName: cs.Id! });
    const described = await s.c.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: cs.Id! }));
    const changes = new Map(
      (described.Changes ?? []).map((c) => [c.ResourceChange?.LogicalResourceId ?? '', c.ResourceChange]),
    );
    expect(changes.get('Fn')).toMatchObject({ Action: 'Modify', Replacement: 'False' });
    expect(changes.get('Version')).toMatchObject({ Action: 'Modify', Replacement: 'True' });
    expect(changes.get('Live')).toMatchObject({ Action: 'Modify', Replacement: 'Conditional' });
    expect(changes.get('Errors')).toBeUndefined();
    await s.c.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id! }));
    await settle(waitUntilStackUpdateComplete, 'raw');
    const alias = await s.t.lambda.send(new GetAliasCommand({ FunctionName: 'raw-fn', Name: 'live' }));
    expect(alias.FunctionVersion).toBe('2');
    const events =
      (await s.c.cfn.send(new DescribeStackEventsCommand({ StackName: 'raw' }))).StackEvents ?? [];
    expect(events[0]).toMatchObject({ LogicalResourceId: 'raw', ResourceStatus: 'UPDATE_COMPLETE' });
    expect(events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`)).toContain(
      'Version DELETE_COMPLETE',
    );

    const same = await s.c.cfn
      .send(new UpdateStackCommand({ StackName: 'raw', TemplateBody: template('two'), Capabilities: IAM }))
      .catch((e: Error) => e);
    expect(same).toMatchObject({ name: 'ValidationError', message: 'No updates are to be performed.' });

    const resources = await s.c.cfn.send(
      new DescribeStackResourcesCommand({ StackName: 'raw', LogicalResourceId: 'Fn' }),
    );
    expect(resources.StackResources?.[0]).toMatchObject({
      PhysicalResourceId: 'raw-fn',
      ResourceType: 'AWS::Lambda::Function',
      ResourceStatus: 'UPDATE_COMPLETE',
    });

    await s.c.cfn.send(new DeleteStackCommand({ StackName: 'raw' }));
    await settle(waitUntilStackDeleteComplete, 'raw');
    const gone = await s.t.lambda
      .send(new GetFunctionCommand({ FunctionName: 'raw-fn' }))
      .catch((e: Error) => e);
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException' });
    const role = await s.c.iam.send(new GetRoleCommand({ RoleName: roleName! })).catch((e: Error) => e);
    expect(role).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('fails a change set naming an unsupported resource, touching nothing', async () => {
    const body = template('x', `  Queue:\n    Type: AWS::SQS::Queue\n`);
    const cs = await s.c.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'unsupported',
        ChangeSetName: 'c',
        TemplateBody: body,
        ChangeSetType: 'CREATE',
        Capabilities: IAM,
      }),
    );
    const failed = await waitUntilChangeSetCreateComplete(
      { client: s.c.cfn, ...WAIT },
      { ChangeSetName: cs.Id! },
    ).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    const described = await s.c.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: cs.Id! }));
    expect(described.Status).toBe('FAILED');
    expect(described.StatusReason).toBe(
      'Resource Queue has type AWS::SQS::Queue, which gradual does not support',
    );
    const [stack] =
      (await s.c.cfn.send(new DescribeStacksCommand({ StackName: 'unsupported' }))).Stacks ?? [];
    expect(stack?.StackStatus).toBe('REVIEW_IN_PROGRESS');
    const fn = await s.t.lambda
      .send(new GetFunctionCommand({ FunctionName: 'unsupported-fn' }))
      .catch((e: Error) => e);
    expect(fn).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
