import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { listStackViews, readStack } from '../../src/client/sdk/stacks.js';
import { eventLines, outputsOf, settled, stackServer } from '../support/cloudformation.js';

const s = stackServer();

/** A bucket, a state machine with its role, and an inline policy on that role (seed 003's shape). */
const template = (result: string, policyName: string): string => `
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
  MachineRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: !Sub 'states.\${AWS::Region}.amazonaws.com' }
            Action: sts:AssumeRole
  MachinePolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: ${policyName}
      Roles: [!Ref MachineRole]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: lambda:InvokeFunction
            Resource: '*'
  DeployStateMachine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt MachineRole.Arn
      DefinitionString: !Sub |
        {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "Result": "\${!result}", "End": true}},
         "Comment": "in \${AWS::StackName}"}
      DefinitionSubstitutions:
        result: ${result}
Outputs:
  Bucket:
    Value: !Ref Artifacts
  Machine:
    Value: !GetAtt DeployStateMachine.Name
`;

const resourceOf = async (logicalId: string) =>
  (
    await s.c.cfn.send(
      new DescribeStackResourcesCommand({ StackName: 'tools', LogicalResourceId: logicalId }),
    )
  ).StackResources?.[0];

describe('CloudFormation: buckets, state machines, roles and their policies', () => {
  it('creates, updates in place and deletes them through their services', async () => {
    await s.c.cfn.send(
      new CreateStackCommand({
        StackName: 'tools',
        TemplateBody: template('one', 'invoke'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    const created = await settled(s.c.cfn, 'tools', 30_000);
    expect(created, (await eventLines(s.c.cfn, 'tools')).join('\n')).toBe('CREATE_COMPLETE');

    // Seed 003's README finds its state machine this way.
    const machine = await resourceOf('DeployStateMachine');
    expect(machine).toMatchObject({ ResourceType: 'AWS::StepFunctions::StateMachine' });
    const arn = machine?.PhysicalResourceId ?? '';
    expect(arn).toMatch(/^arn:aws:states:us-east-1:000000000000:stateMachine:tools-DeployStateMachine-/);
    const described = await s.c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(JSON.parse(described.definition ?? '{}')).toMatchObject({
      Comment: 'in tools',
      States: { Done: { Result: 'one' } },
    });
    const roleName = (await resourceOf('MachineRole'))?.PhysicalResourceId ?? '';
    expect(described.roleArn).toBe(`arn:aws:iam::000000000000:role/${roleName}`);
    const policy = await s.c.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'invoke' }));
    expect(decodeURIComponent(policy.PolicyDocument ?? '')).toContain('lambda:InvokeFunction');
    const outputs = await outputsOf(s.c.cfn, 'tools');
    expect(outputs.get('Machine')).toBe(arn.split(':').at(-1));
    const bucket = outputs.get('Bucket') ?? '';
    expect(bucket).toMatch(/^tools-artifacts-[a-z0-9]+$/);
    await s.c.s3.send(new HeadBucketCommand({ Bucket: bucket }));

    await s.c.cfn.send(
      new UpdateStackCommand({
        StackName: 'tools',
        TemplateBody: template('two', 'invoke-all'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(await settled(s.c.cfn, 'tools', 30_000)).toBe('UPDATE_COMPLETE');
    expect((await resourceOf('DeployStateMachine'))?.PhysicalResourceId).toBe(arn);
    const after = await s.c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(JSON.parse(after.definition ?? '{}')).toMatchObject({ States: { Done: { Result: 'two' } } });
    await s.c.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'invoke-all' }));
    const renamed = await s.c.iam
      .send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'invoke' }))
      .catch((e: Error) => e);
    expect(renamed).toMatchObject({ name: 'NoSuchEntityException' });

    // What `gradual stacks tools` shows.
    expect((await listStackViews(s.c.cfn)).map((v) => `${v.name} ${v.status}`)).toContain(
      'tools UPDATE_COMPLETE',
    );
    const view = await readStack(s.c.cfn, 'tools');
    expect(view.resources.map((r) => r.logicalId).sort()).toEqual([
      'Artifacts',
      'DeployStateMachine',
      'MachinePolicy',
      'MachineRole',
    ]);
    expect(view.events[0]).toMatchObject({ logicalId: 'tools', status: 'UPDATE_COMPLETE' });

    // A bucket that holds an object is not deleted: the stack's delete fails on it, as on AWS.
    await s.c.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
    await s.c.cfn.send(new DeleteStackCommand({ StackName: 'tools' }));
    expect(await settled(s.c.cfn, 'tools', 30_000)).toBe('DELETE_FAILED');
    expect((await resourceOf('Artifacts'))?.ResourceStatus).toBe('DELETE_FAILED');
    const gone = await s.c.sfn
      .send(new DescribeStateMachineCommand({ stateMachineArn: arn }))
      .catch((e: Error) => e);
    expect(gone).toMatchObject({ name: 'StateMachineDoesNotExist' });
  });
});
