import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../support/functions.js';
import { allowing, roleFor } from '../support/iam.js';
import { settled } from '../support/cloudformation.js';
import { credentialsFunction, credentialsOf } from '../support/caller-credentials.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 16: a stack operation acts with its caller's permissions, or its service role's, as
 * CloudFormation does. The callers are functions using the temporary credentials gradual gives
 * them (gradual has no IAM users): each hands its credentials to the test, which calls
 * CloudFormation with them through the SDK.
 */

const template = (name: string) => `
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: ${name}
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

/** CloudFormation as the function `name` calls it, with its execution role's session. */
async function cfnAs(name: string): Promise<CloudFormationClient> {
  const credentials = await credentialsOf(t.lambda, name);
  expect(credentials.sessionToken).toBeTruthy();
  const cfn = new CloudFormationClient({ endpoint: t.server.url, region, credentials, maxAttempts: 1 });
  clients.push(cfn);
  return cfn;
}

async function failureOf(cfn: CloudFormationClient, stack: string, logicalId: string): Promise<string> {
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stack }))).StackEvents ?? [];
  const failed = events.find(
    (e) => e.LogicalResourceId === logicalId && e.ResourceStatus === 'CREATE_FAILED',
  );
  return failed?.ResourceStatusReason ?? '';
}

const functionExists = (name: string) =>
  t.lambda.send(new GetFunctionCommand({ FunctionName: name })).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  t = await startTestServer();
  account = t.server.options.accountId;
  region = t.server.options.region;
  const iam = new IAMClient({ endpoint: t.server.url, region, credentials: t.credentials, maxAttempts: 1 });
  const service = `arn:aws:iam::${account}:role/cfn-service`;
  await roleFor(
    iam,
    'deployer',
    'lambda.amazonaws.com',
    allowing(['cloudformation:*', '*'], ['iam:PassRole', service]),
  );
  await roleFor(
    iam,
    'lambda-deployer',
    'lambda.amazonaws.com',
    allowing([['cloudformation:*', 'lambda:*'], '*']),
  );
  await roleFor(
    iam,
    'cfn-service',
    'cloudformation.amazonaws.com',
    allowing(['lambda:*', '*'], ['iam:PassRole', '*']),
  );
  await roleFor(iam, 'cfn-other', 'cloudformation.amazonaws.com');
  iam.destroy();
  for (const [fn, r] of [
    ['deployer-fn', 'deployer'],
    ['lambda-deployer-fn', 'lambda-deployer'],
  ] as const)
    await credentialsFunction(t.lambda, fn, `arn:aws:iam::${account}:role/${r}`);
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await t?.dispose();
});

describe('a stack operation started by a caller without a service role', () => {
  it("is refused what the caller may not do: the resource fails with the caller's denial and the stack rolls back", async () => {
    const cfn = await cfnAs('deployer-fn');
    await cfn.send(new CreateStackCommand({ StackName: 'limited', TemplateBody: template('limited-fn') }));
    expect(await settled(cfn, 'limited')).toBe('ROLLBACK_COMPLETE');
    const who = `arn:aws:sts::${account}:assumed-role/deployer/deployer-fn`;
    const target = `arn:aws:lambda:${region}:${account}:function:limited-fn`;
    expect(await failureOf(cfn, 'limited', 'Fn')).toMatch(
      new RegExp(
        `^Resource handler returned message: "User: ${who} is not authorized to perform: lambda:CreateFunction on resource: ${target} because no identity-based policy allows the lambda:CreateFunction action \\(Service: Lambda, Status Code: 403, Request ID: [\\w-]+\\)" \\(RequestToken: [\\w-]+, HandlerErrorCode: AccessDenied\\)$`,
      ),
    );
    expect(await functionExists('limited-fn')).toBe(false);
  });

  it("needs iam:PassRole on a function's execution role, as Lambda asks of whoever creates it", async () => {
    const cfn = await cfnAs('lambda-deployer-fn');
    await cfn.send(new CreateStackCommand({ StackName: 'no-pass', TemplateBody: template('no-pass-fn') }));
    expect(await settled(cfn, 'no-pass')).toBe('ROLLBACK_COMPLETE');
    const reason = await failureOf(cfn, 'no-pass', 'Fn');
    expect(reason).toContain(
      `User: arn:aws:sts::${account}:assumed-role/lambda-deployer/lambda-deployer-fn is not authorized to perform: iam:PassRole on resource: ${ROLE}`,
    );
    expect(reason).toContain('(Service: Lambda, Status Code: 403');
    expect(await functionExists('no-pass-fn')).toBe(false);
  });
});

describe('a stack operation with a service role (RoleARN)', () => {
  it('acts as the role: what the caller may not do, the role does, and the stack keeps the role', async () => {
    const cfn = await cfnAs('deployer-fn');
    const roleArn = `arn:aws:iam::${account}:role/cfn-service`;
    await cfn.send(
      new CreateStackCommand({
        StackName: 'by-role',
        TemplateBody: template('by-role-fn'),
        RoleARN: roleArn,
      }),
    );
    expect(await settled(cfn, 'by-role')).toBe('CREATE_COMPLETE');
    expect(await functionExists('by-role-fn')).toBe(true);
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'by-role' }))).Stacks ?? [];
    expect(stack?.RoleARN).toBe(roleArn);
  });

  it('needs iam:PassRole on the role: without it the call is AccessDenied and nothing is made', async () => {
    const cfn = await cfnAs('deployer-fn');
    const other = `arn:aws:iam::${account}:role/cfn-other`;
    const refused = cfn.send(
      new CreateStackCommand({ StackName: 'not-passed', TemplateBody: template('np-fn'), RoleARN: other }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::${account}:assumed-role/deployer/deployer-fn is not authorized to perform: iam:PassRole on resource: ${other} because no identity-based policy allows the iam:PassRole action`,
    });
    const described = cfn.send(new DescribeStacksCommand({ StackName: 'not-passed' }));
    await expect(described).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('must be a role CloudFormation can assume', async () => {
    const cfn = new CloudFormationClient({
      endpoint: t.server.url,
      region,
      credentials: t.credentials,
      maxAttempts: 1,
    });
    clients.push(cfn);
    const refused = cfn.send(
      new CreateStackCommand({ StackName: 'untrusted', TemplateBody: template('u-fn'), RoleARN: ROLE }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Role ${ROLE} is invalid or cannot be assumed`,
    });
  });
});

describe('with --auth off', () => {
  it('checks nothing: a service role without a single policy still makes the stack', async () => {
    const open = await startTestServer({ auth: 'off' });
    const config = { endpoint: open.server.url, region, credentials: open.credentials, maxAttempts: 1 };
    const iam = new IAMClient(config);
    const cfn = new CloudFormationClient(config);
    try {
      const bare = await roleFor(iam, 'cfn-bare', 'cloudformation.amazonaws.com');
      await cfn.send(
        new CreateStackCommand({ StackName: 'open', TemplateBody: template('open-fn'), RoleARN: bare }),
      );
      expect(await settled(cfn, 'open')).toBe('CREATE_COMPLETE');
    } finally {
      iam.destroy();
      cfn.destroy();
      await open.dispose();
    }
  });
});
