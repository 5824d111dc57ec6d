import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateFunctionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from '../support/aws-cli.js';
import { nodeZip, ROLE } from '../support/functions.js';
import { BASIC_EXECUTION, LAMBDA_TRUST } from '../support/iam.js';
import { awsError, waitUntil } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let iam: IAMClient;
let accountId: string;

beforeAll(async () => {
  t = await startTestServer();
  accountId = t.server.options.accountId;
  // IAM is global: clients sign for it in us-east-1 whatever the server's region.
  iam = new IAMClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  iam?.destroy();
  await t?.dispose();
});

const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('IAM with @aws-sdk/client-iam', () => {
  it('creates, reads, lists and deletes a role with its policies', async () => {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'orders-role',
        Path: '/service-role/',
        AssumeRolePolicyDocument: LAMBDA_TRUST,
        Description: 'orders',
      }),
    );
    expect(created.Role).toMatchObject({
      RoleName: 'orders-role',
      Path: '/service-role/',
      Arn: `arn:aws:iam::${accountId}:role/service-role/orders-role`,
      Description: 'orders',
      MaxSessionDuration: 3600,
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(created.Role?.CreateDate).toBeInstanceOf(Date);
    const got = await iam.send(new GetRoleCommand({ RoleName: 'orders-role' }));
    // IAM hands documents back URL-encoded.
    expect(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? '')).toBe(LAMBDA_TRUST);

    await iam.send(new AttachRolePolicyCommand({ RoleName: 'orders-role', PolicyArn: BASIC_EXECUTION }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'orders-role',
        PolicyName: 'alarms',
        PolicyDocument: doc('cloudwatch:PutMetricAlarm'),
      }),
    );
    expect(
      (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'orders-role' }))).AttachedPolicies,
    ).toEqual([{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION }]);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'orders-role' }))).PolicyNames).toEqual([
      'alarms',
    ]);
    const inline = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'orders-role', PolicyName: 'alarms' }),
    );
    expect(decodeURIComponent(inline.PolicyDocument ?? '')).toBe(doc('cloudwatch:PutMetricAlarm'));

    const roles = await iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' }));
    expect(roles.Roles?.map((r) => r.RoleName)).toEqual(['orders-role']);
    expect(roles.IsTruncated).toBe(false);

    expect(await awsError(iam.send(new DeleteRoleCommand({ RoleName: 'orders-role' })))).toMatchObject({
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must detach all policies first.',
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'orders-role', PolicyArn: BASIC_EXECUTION }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'orders-role', PolicyName: 'alarms' }));
    await iam.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: 'orders-role', PolicyDocument: LAMBDA_TRUST }),
    );
    await iam.send(new DeleteRoleCommand({ RoleName: 'orders-role' }));
    expect(await awsError(iam.send(new GetRoleCommand({ RoleName: 'orders-role' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The role with name orders-role cannot be found.',
    });
  });

  it("answers IAM's errors with IAM's codes and messages", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: LAMBDA_TRUST }));
    expect(
      await awsError(
        iam.send(new CreateRoleCommand({ RoleName: 'TWICE', AssumeRolePolicyDocument: LAMBDA_TRUST })),
      ),
    ).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'Role with name TWICE already exists.',
    });
    expect(
      await awsError(
        iam.send(
          new PutRolePolicyCommand({
            RoleName: 'twice',
            PolicyName: 'p',
            PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}',
          }),
        ),
      ),
    ).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'Policy statement must contain actions.',
    });
    expect(
      await awsError(
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: 'twice',
            PolicyArn: 'arn:aws:iam::aws:policy/NoSuchThing',
          }),
        ),
      ),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'Policy arn:aws:iam::aws:policy/NoSuchThing does not exist or is not attachable.',
    });
    expect(
      await awsError(
        iam.send(new CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: LAMBDA_TRUST })),
      ),
    ).toMatchObject({
      status: 400,
      message:
        "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
  });

  it('serves the AWS managed policies by their real ARNs, and customer managed ones', async () => {
    const basic = await iam.send(new GetPolicyCommand({ PolicyArn: BASIC_EXECUTION }));
    expect(basic.Policy).toMatchObject({
      PolicyName: 'AWSLambdaBasicExecutionRole',
      Path: '/service-role/',
      DefaultVersionId: 'v1',
    });
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: BASIC_EXECUTION, VersionId: 'v1' }),
    );
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? ''))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: '*',
        },
      ],
    });
    const mine = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'deployer', PolicyDocument: doc('codedeploy:*') }),
    );
    expect(mine.Policy?.Arn).toBe(`arn:aws:iam::${accountId}:policy/deployer`);
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies?.map((p) => p.PolicyName)).toEqual(['deployer']);
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 100 }));
    expect(aws.Policies?.map((p) => p.Arn)).toContain('arn:aws:iam::aws:policy/AWSLambda_FullAccess');
    await iam.send(new DeletePolicyCommand({ PolicyArn: mine.Policy?.Arn }));
    expect(await awsError(iam.send(new GetPolicyCommand({ PolicyArn: mine.Policy?.Arn })))).toMatchObject({
      name: 'NoSuchEntityException',
    });
  });
});

describe('Lambda and execution roles', () => {
  it('refuses a role that does not exist, or that Lambda may not assume', async () => {
    const create = (role: string) =>
      t.lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'f',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: role,
          Code: { ZipFile: Buffer.from('') },
        }),
      );
    const refusal = {
      name: 'InvalidParameterValueException',
      status: 400,
      message: 'The role defined for the function cannot be assumed by Lambda.',
    };
    expect(await awsError(create(`arn:aws:iam::${accountId}:role/missing`))).toMatchObject(refusal);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'for-codedeploy',
        AssumeRolePolicyDocument: LAMBDA_TRUST.replace('lambda.amazonaws.com', 'codedeploy.amazonaws.com'),
      }),
    );
    expect(await awsError(create(`arn:aws:iam::${accountId}:role/for-codedeploy`))).toMatchObject(refusal);
  });

  it('refuses to switch a function to such a role', async () => {
    await t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'g',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: await nodeZip() },
      }),
    );
    await waitUntil(t.lambda, 'g', (c) => c.State === 'Active');
    expect(
      await awsError(
        t.lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: 'g',
            Role: `arn:aws:iam::${accountId}:role/missing`,
          }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'The role defined for the function cannot be assumed by Lambda.',
    });
  });
});

describe('IAM with the AWS CLI', () => {
  it('runs seed 002 step 1: create-role, then attach-role-policy', async () => {
    const created = (await awsCli(
      t,
      'iam',
      'create-role',
      '--role-name',
      'lambda-deploy-role-cli',
      '--assume-role-policy-document',
      LAMBDA_TRUST,
    )) as {
      Role: { Arn: string; AssumeRolePolicyDocument: unknown };
    };
    expect(created.Role.Arn).toBe(`arn:aws:iam::${accountId}:role/lambda-deploy-role-cli`);
    // The CLI decodes the document it gets back.
    expect(created.Role.AssumeRolePolicyDocument).toEqual(JSON.parse(LAMBDA_TRUST));
    expect(
      await awsCli(
        t,
        'iam',
        'attach-role-policy',
        '--role-name',
        'lambda-deploy-role-cli',
        '--policy-arn',
        BASIC_EXECUTION,
      ),
    ).toBeUndefined();
    const attached = (await awsCli(
      t,
      'iam',
      'list-attached-role-policies',
      '--role-name',
      'lambda-deploy-role-cli',
    )) as {
      AttachedPolicies: unknown[];
    };
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION },
    ]);
    await expect(awsCli(t, 'iam', 'get-role', '--role-name', 'nobody')).rejects.toThrow(
      /NoSuchEntity.*The role with name nobody cannot be found\./,
    );
  });
});
