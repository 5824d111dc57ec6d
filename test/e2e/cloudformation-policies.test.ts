import { CreateStackCommand, DeleteStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { eventLines, outputsOf, settled, stackServer } from '../support/cloudformation.js';

const s = stackServer();

/** The stack `sam deploy --resolve-s3` makes (aws-sam-cli's bootstrap template, as it stands). */
const MANAGED_STACK = `
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Managed Stack for AWS SAM CLI
Metadata:
  SamCliInfo:
    version: 1.130.0
Resources:
  SamCliSourceBucket:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicPolicy: true
        BlockPublicAcls: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
      VersioningConfiguration:
        Status: Enabled
      Tags:
        - Key: ManagedStackSource
          Value: AwsSamCli
  SamCliSourceBucketBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref SamCliSourceBucket
      PolicyDocument:
        Statement:
          - Action: ['s3:GetObject']
            Effect: Allow
            Resource: !Join ['', ['arn:', !Ref AWS::Partition, ':s3:::', !Ref SamCliSourceBucket, '/*']]
            Principal:
              Service: serverlessrepo.amazonaws.com
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
          - Action: ['s3:*']
            Effect: Deny
            Resource:
              - !Join ['', ['arn:', !Ref AWS::Partition, ':s3:::', !Ref SamCliSourceBucket]]
              - !Join ['', ['arn:', !Ref AWS::Partition, ':s3:::', !Ref SamCliSourceBucket, '/*']]
            Principal: '*'
            Condition:
              Bool:
                aws:SecureTransport: false
Outputs:
  SourceBucket:
    Value: !Ref SamCliSourceBucket
`;

const policyStack = (action: string, roleDescription = 'works'): string => `
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      Description: ${roleDescription}
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
  Reads:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: what the worker may read
      Roles: [!Ref Worker]
      PolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Action: '${action}', Resource: '*' }]
Outputs:
  Policy:
    Value: !Ref Reads
  Role:
    Value: !Ref Worker
`;

describe('CloudFormation: bucket policies and managed policies', () => {
  it("creates sam deploy's managed artifact stack: the bucket takes uploads, its policy reads back", async () => {
    await s.c.cfn.send(
      new CreateStackCommand({ StackName: 'aws-sam-cli-managed-default', TemplateBody: MANAGED_STACK }),
    );
    const status = await settled(s.c.cfn, 'aws-sam-cli-managed-default', 30_000);
    expect(status, (await eventLines(s.c.cfn, 'aws-sam-cli-managed-default')).join('\n')).toBe(
      'CREATE_COMPLETE',
    );
    const bucket = (await outputsOf(s.c.cfn, 'aws-sam-cli-managed-default')).get('SourceBucket')!;
    expect(bucket).toMatch(/^aws-sam-cli-managed-def[a-z-]*-samclisourcebucket-[a-z0-9]{13}$/);
    await s.c.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'app/abc123', Body: 'zip bytes' }));
    const policy = JSON.parse(
      (await s.c.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '{}',
    ) as { Statement: unknown[] };
    expect(policy.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': '000000000000' } },
    });
  });

  it('attaches a managed policy to its role, keeps its ARN when the document changes, deletes it with the stack', async () => {
    const create = new CreateStackCommand({
      StackName: 'reader',
      TemplateBody: policyStack('s3:GetObject'),
    });
    await expect(s.c.cfn.send(create)).rejects.toThrow(/CAPABILITY_IAM/);
    const { StackId } = await s.c.cfn.send(
      new CreateStackCommand({
        StackName: 'reader',
        TemplateBody: policyStack('s3:GetObject'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(await settled(s.c.cfn, 'reader', 30_000)).toBe('CREATE_COMPLETE');
    const outputs = await outputsOf(s.c.cfn, 'reader');
    const arn = outputs.get('Policy')!;
    expect(arn).toMatch(/^arn:aws:iam::000000000000:policy\/reader-Reads-/);
    const attached = await s.c.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: outputs.get('Role')! }),
    );
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([arn]);

    await s.c.cfn.send(
      new UpdateStackCommand({
        StackName: 'reader',
        TemplateBody: policyStack('s3:ListBucket'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(await settled(s.c.cfn, 'reader', 30_000)).toBe('UPDATE_COMPLETE');
    expect((await outputsOf(s.c.cfn, 'reader')).get('Policy')).toBe(arn);
    const version = await s.c.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(decodeURIComponent(version.PolicyVersion?.Document ?? '')).toContain('s3:ListBucket');
    const again = await s.c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: outputs.get('Role')! }));
    expect(again.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([arn]);

    // The role's own update leaves the policy another resource attached to it.
    await s.c.cfn.send(
      new UpdateStackCommand({
        StackName: 'reader',
        TemplateBody: policyStack('s3:ListBucket', 'works harder'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(await settled(s.c.cfn, 'reader', 30_000)).toBe('UPDATE_COMPLETE');
    const still = await s.c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: outputs.get('Role')! }));
    expect(still.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([arn]);

    await s.c.cfn.send(new DeleteStackCommand({ StackName: 'reader' }));
    expect(await settled(s.c.cfn, StackId!, 30_000)).toBe('DELETE_COMPLETE');
    await expect(s.c.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).rejects.toThrow(/was not found/);
  });
});
