import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFunction, credentialsOf } from '../support/caller-credentials.js';
import { settled } from '../support/cloudformation.js';
import { ROLE } from '../support/functions.js';
import { allowing, roleFor } from '../support/iam.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 16's leftovers: a change set's reads before anything changes are made as the operation's
 * principal (its caller, or the stack's service role), and a stack's stored service role is used
 * again by whoever may operate on the stack, without iam:PassRole ("CloudFormation service role",
 * CloudFormation User Guide: "regardless of whether those users have the iam:PassRole permission").
 */

/** A SAM function whose canary runs `hook` before traffic shifts. */
const hooked = (fn: string, hook: string) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: ${fn}
      Runtime: nodejs20.x
      Handler: index.handler
      Role: ${ROLE}
      InlineCode: "exports.handler = async () => ({ ok: true });"
      AutoPublishAlias: live
      DeploymentPreference:
        Type: AllAtOnce
        Hooks: { PreTraffic: ${hook} }
`;

const plain = (fn: string, description: string) => `
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: ${fn}
      Description: ${description}
      Runtime: nodejs20.x
      Handler: index.handler
      Role: ${ROLE}
      Code:
        ZipFile: "exports.handler = async () => ({ ok: true });"
`;

let t: TestServer;
let account: string;
let region: string;
const clients: { destroy(): void }[] = [];
const as: Record<'reader' | 'blind' | 'owner', CloudFormationClient> = {} as never;

const serviceRole = () => `arn:aws:iam::${account}:role/cfn-service`;

beforeAll(async () => {
  t = await startTestServer();
  account = t.server.options.accountId;
  region = t.server.options.region;
  const iam = new IAMClient({ endpoint: t.server.url, region, credentials: t.credentials, maxAttempts: 1 });
  const lambdaTrust = 'lambda.amazonaws.com';
  const roles = {
    // May read functions (and so be told one is missing), but make nothing.
    reader: await roleFor(
      iam,
      'reader',
      lambdaTrust,
      allowing(['cloudformation:*', '*'], ['lambda:GetFunction', '*']),
    ),
    // May operate on stacks and nothing else: no reads, no iam:PassRole.
    blind: await roleFor(iam, 'blind', lambdaTrust, allowing(['cloudformation:*', '*'])),
    // May operate on stacks and pass the service role.
    owner: await roleFor(
      iam,
      'owner',
      lambdaTrust,
      allowing(['cloudformation:*', '*'], ['iam:PassRole', serviceRole()]),
    ),
  };
  await roleFor(
    iam,
    'cfn-service',
    'cloudformation.amazonaws.com',
    allowing([['lambda:*', 'codedeploy:*'], '*'], ['iam:PassRole', '*']),
  );
  iam.destroy();
  await createActiveFunction(t.lambda, 'kept-hook');
  for (const [who, arn] of Object.entries(roles)) {
    await credentialsFunction(t.lambda, `${who}-fn`, arn);
    const credentials = await credentialsOf(t.lambda, `${who}-fn`);
    const cfn = new CloudFormationClient({ endpoint: t.server.url, region, credentials, maxAttempts: 1 });
    clients.push(cfn);
    as[who as keyof typeof as] = cfn;
  }
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await t?.dispose();
});

/** The change set `name` made by `cfn` for a new stack of `template`: its status and reason. */
async function changeSet(cfn: CloudFormationClient, name: string, template: string) {
  await cfn.send(
    new CreateChangeSetCommand({
      StackName: name,
      ChangeSetName: 'cs',
      ChangeSetType: 'CREATE',
      TemplateBody: template,
      Capabilities: ['CAPABILITY_IAM'],
    }),
  );
  const cs = await cfn.send(new DescribeChangeSetCommand({ StackName: name, ChangeSetName: 'cs' }));
  return { status: cs.Status, reason: cs.StatusReason };
}

const missing = (hook: string) =>
  `Resource FnAliaslive (UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook): function ${hook} is neither in this template nor on the server`;

describe("a change set's reads before anything changes", () => {
  it('are made as its caller: one who may read functions is told a hook is missing', async () => {
    expect(await changeSet(as.reader, 'r-missing', hooked('r1-fn', 'nowhere-hook'))).toEqual({
      status: 'FAILED',
      reason: missing('nowhere-hook'),
    });
    expect(await changeSet(as.reader, 'r-kept', hooked('r2-fn', 'kept-hook'))).toMatchObject({
      status: 'CREATE_COMPLETE',
    });
  });

  it('tell a caller who may not read functions nothing: a missing hook and a present one answer alike', async () => {
    const absent = await changeSet(as.blind, 'b-missing', hooked('b1-fn', 'nowhere-hook'));
    const present = await changeSet(as.blind, 'b-kept', hooked('b2-fn', 'kept-hook'));
    expect(absent).toEqual({ status: 'CREATE_COMPLETE', reason: undefined });
    expect(present).toEqual(absent);
  });

  it('are made as the service role the change set names (its caller may not read functions)', async () => {
    await as.owner.send(
      new CreateChangeSetCommand({
        StackName: 'o-missing',
        ChangeSetName: 'cs',
        ChangeSetType: 'CREATE',
        TemplateBody: hooked('o1-fn', 'nowhere-hook'),
        Capabilities: ['CAPABILITY_IAM'],
        RoleARN: serviceRole(),
      }),
    );
    const cs = await as.owner.send(
      new DescribeChangeSetCommand({ StackName: 'o-missing', ChangeSetName: 'cs' }),
    );
    expect({ status: cs.Status, reason: cs.StatusReason }).toEqual({
      status: 'FAILED',
      reason: missing('nowhere-hook'),
    });
  });

  it("are made as the stack's service role when it has one, whoever asks", async () => {
    await as.owner.send(
      new CreateStackCommand({
        StackName: 'roled-hooks',
        TemplateBody: plain('rh-fn', 'one'),
        RoleARN: serviceRole(),
      }),
    );
    expect(await settled(as.owner, 'roled-hooks')).toBe('CREATE_COMPLETE');
    await as.blind.send(
      new CreateChangeSetCommand({
        StackName: 'roled-hooks',
        ChangeSetName: 'cs',
        TemplateBody: hooked('rh-fn', 'nowhere-hook'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    const cs = await as.blind.send(
      new DescribeChangeSetCommand({ StackName: 'roled-hooks', ChangeSetName: 'cs' }),
    );
    expect({ status: cs.Status, reason: cs.StatusReason }).toEqual({
      status: 'FAILED',
      reason: missing('nowhere-hook'),
    });
  });
});

describe("a stack's stored service role", () => {
  const description = async (fn: string) =>
    (await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }))).Description;

  it('acts for any caller who may operate on the stack, without iam:PassRole; naming it still needs PassRole', async () => {
    const { StackId } = await as.owner.send(
      new CreateStackCommand({
        StackName: 'roled',
        TemplateBody: plain('roled-fn', 'one'),
        RoleARN: serviceRole(),
      }),
    );
    expect(await settled(as.owner, 'roled')).toBe('CREATE_COMPLETE');

    // The caller may change no function: the role does it.
    await as.blind.send(
      new UpdateStackCommand({ StackName: 'roled', TemplateBody: plain('roled-fn', 'two') }),
    );
    expect(await settled(as.blind, 'roled')).toBe('UPDATE_COMPLETE');
    expect(await description('roled-fn')).toBe('two');

    await as.blind.send(
      new CreateChangeSetCommand({
        StackName: 'roled',
        ChangeSetName: 'three',
        TemplateBody: plain('roled-fn', 'three'),
      }),
    );
    await as.blind.send(new ExecuteChangeSetCommand({ StackName: 'roled', ChangeSetName: 'three' }));
    expect(await settled(as.blind, 'roled')).toBe('UPDATE_COMPLETE');
    expect(await description('roled-fn')).toBe('three');

    const named = as.blind.send(
      new UpdateStackCommand({
        StackName: 'roled',
        TemplateBody: plain('roled-fn', 'four'),
        RoleARN: serviceRole(),
      }),
    );
    await expect(named).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::${account}:assumed-role/blind/blind-fn is not authorized to perform: iam:PassRole on resource: ${serviceRole()} because no identity-based policy allows the iam:PassRole action`,
    });

    await as.blind.send(new DeleteStackCommand({ StackName: 'roled' }));
    expect(await settled(as.blind, StackId ?? '')).toBe('DELETE_COMPLETE');
    await expect(description('roled-fn')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
