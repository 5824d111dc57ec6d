import { CreateStackCommand, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { eventLines, settled, stackServer } from '../support/cloudformation.js';

const s = stackServer();

/** Where `aws cloudformation package` leaves a state machine's DefinitionUri: a YAML file in S3. */
const DEFINITION = `StartAt: Work
States:
  Work:
    Type: Pass
    Result: \${Greeting}
    End: true
`;

const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: greeter
      DefinitionUri: { Bucket: defs, Key: greeter.asl.yaml }
      DefinitionSubstitutions: { Greeting: hello }
      Policies:
        - LambdaInvokePolicy: { FunctionName: some-function }
`;

describe('CloudFormation: SAM state machines', () => {
  it('creates the state machine from its S3 definition, substituted, with the role SAM makes', async () => {
    await s.c.s3.send(new CreateBucketCommand({ Bucket: 'defs' }));
    await s.c.s3.send(new PutObjectCommand({ Bucket: 'defs', Key: 'greeter.asl.yaml', Body: DEFINITION }));
    await s.c.cfn.send(
      new CreateStackCommand({
        StackName: 'flows',
        TemplateBody: TEMPLATE,
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    const status = await settled(s.c.cfn, 'flows', 30_000);
    expect(status, (await eventLines(s.c.cfn, 'flows')).join('\n')).toBe('CREATE_COMPLETE');
    const resources =
      (await s.c.cfn.send(new DescribeStackResourcesCommand({ StackName: 'flows' }))).StackResources ?? [];
    const byId = new Map(resources.map((r) => [r.LogicalResourceId, r.PhysicalResourceId ?? '']));
    expect(byId.get('Machine')).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:greeter');
    const machine = await s.c.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: byId.get('Machine') }),
    );
    expect(JSON.parse(machine.definition ?? '{}')).toEqual({
      StartAt: 'Work',
      States: { Work: { Type: 'Pass', Result: 'hello', End: true } },
    });
    const role = await s.c.iam.send(new GetRoleCommand({ RoleName: byId.get('MachineRole') }));
    expect(machine.roleArn).toBe(role.Role?.Arn);
    expect(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '')).toContain('states.amazonaws.com');
    const policy = await s.c.iam.send(
      new GetRolePolicyCommand({ RoleName: byId.get('MachineRole'), PolicyName: 'MachineRolePolicy0' }),
    );
    expect(decodeURIComponent(policy.PolicyDocument ?? '')).toContain(
      'arn:aws:lambda:us-east-1:000000000000:function:some-function*',
    );
  });
});
