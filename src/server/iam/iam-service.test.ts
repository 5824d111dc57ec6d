import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { seededRandom } from '../../common/random.js';
import { IamService } from './iam-service.js';
import { MemoryIamStore } from './test-support/memory-iam-store.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const FULL = 'arn:aws:iam::aws:policy/AWSLambda_FullAccess';
const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, status, message } = error as { code: string; status: number; message: string };
    return { code, status, message };
  }
  throw new Error('expected a refusal');
}

describe('IamService', () => {
  let iam: IamService;
  const role = (roleName: string, path?: string) =>
    iam.createRole({
      roleName,
      path,
      assumeRolePolicyDocument: TRUST,
      description: undefined,
      maxSessionDuration: undefined,
    });

  beforeEach(() => {
    iam = new IamService({
      store: new MemoryIamStore(),
      clock: new VirtualClock(Date.UTC(2026, 0, 1)),
      random: seededRandom(7),
      accountId: '123456789012',
    });
  });

  it('creates a role as seed 002 step 1 does, and finds it by any case of its name', async () => {
    const created = await role('lambda-deploy-role-abc');
    expect(created).toMatchObject({
      roleName: 'lambda-deploy-role-abc',
      path: '/',
      arn: 'arn:aws:iam::123456789012:role/lambda-deploy-role-abc',
      createDate: Date.UTC(2026, 0, 1),
      maxSessionDuration: 3600,
    });
    expect(created.roleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect((await iam.getRole('LAMBDA-deploy-role-ABC')).roleId).toBe(created.roleId);
    expect(await refusal(role('Lambda-Deploy-Role-ABC'))).toEqual({
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Role with name Lambda-Deploy-Role-ABC already exists.',
    });
  });

  it('puts the path in the ARN and finds the role by its ARN only with it', async () => {
    await role('svc', '/service-role/');
    expect((await iam.roleByArn('arn:aws:iam::123456789012:role/service-role/svc'))?.roleName).toBe('svc');
    expect(await iam.roleByArn('arn:aws:iam::123456789012:role/svc')).toBeUndefined();
    expect(await iam.roleByArn('arn:aws:iam::123456789012:role/any')).toBeUndefined();
  });

  it.each([
    [
      'a bad name',
      { roleName: 'my role' },
      'ValidationError',
      "1 validation error detected: Value 'my role' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    ],
    [
      'a long name',
      { roleName: 'r'.repeat(65) },
      'ValidationError',
      `1 validation error detected: Value '${'r'.repeat(65)}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ],
    [
      'a bad path',
      { roleName: 'r', path: 'service-role' },
      'ValidationError',
      "1 validation error detected: Value 'service-role' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
    ],
    [
      'a trust policy with a resource',
      { roleName: 'r', assumeRolePolicyDocument: doc('sts:AssumeRole') },
      'MalformedPolicyDocument',
      'Has prohibited field Resource',
    ],
    [
      'a session of ten seconds',
      { roleName: 'r', maxSessionDuration: 10 },
      'ValidationError',
      "1 validation error detected: Value '10' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    ],
  ])('refuses a role with %s', async (_what, input, code, message) => {
    const result = await refusal(
      iam.createRole({
        path: undefined,
        assumeRolePolicyDocument: TRUST,
        description: undefined,
        maxSessionDuration: undefined,
        ...input,
      }),
    );
    expect(result).toMatchObject({ code, message });
  });

  it('attaches, lists and detaches managed policies, idempotently', async () => {
    await role('app');
    await iam.attachRolePolicy('app', BASIC);
    await iam.attachRolePolicy('app', BASIC);
    await iam.attachRolePolicy('app', FULL);
    expect(
      (await iam.listAttachedRolePolicies('app', { marker: undefined, maxItems: undefined })).items,
    ).toEqual([
      { policyName: 'AWSLambdaBasicExecutionRole', policyArn: BASIC },
      { policyName: 'AWSLambda_FullAccess', policyArn: FULL },
    ]);
    expect((await iam.getPolicy(BASIC)).attachmentCount).toBe(1);
    await iam.detachRolePolicy('app', FULL);
    expect(await refusal(iam.detachRolePolicy('app', FULL))).toMatchObject({
      code: 'NoSuchEntity',
      message: `Policy ${FULL} was not found.`,
    });
  });

  it('refuses to attach what does not exist, or to a role that does not', async () => {
    await role('app');
    expect(await refusal(iam.attachRolePolicy('app', 'arn:aws:iam::aws:policy/NoSuchPolicy'))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.',
    });
    expect(await refusal(iam.attachRolePolicy('ghost', BASIC))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The role with name ghost cannot be found.',
    });
  });

  it('keeps to ten managed policies per role', async () => {
    await role('app');
    for (let i = 0; i < 10; i++) {
      const p = await iam.createPolicy({
        policyName: `p${i}`,
        path: undefined,
        policyDocument: doc('s3:GetObject'),
        description: undefined,
      });
      await iam.attachRolePolicy('app', p.arn);
    }
    expect(await refusal(iam.attachRolePolicy('app', BASIC))).toMatchObject({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for PoliciesPerRole: 10',
    });
  });

  it('puts, reads, lists and deletes inline policies', async () => {
    await role('app');
    await iam.putRolePolicy('app', 'logs', doc('logs:*'));
    await iam.putRolePolicy('app', 'alarms', doc('cloudwatch:*'));
    await iam.putRolePolicy('app', 'logs', doc('logs:PutLogEvents'));
    expect((await iam.listRolePolicies('app', { marker: undefined, maxItems: undefined })).items).toEqual([
      'alarms',
      'logs',
    ]);
    expect((await iam.getRolePolicy('app', 'logs')).document).toBe(doc('logs:PutLogEvents'));
    await iam.deleteRolePolicy('app', 'alarms');
    expect(await refusal(iam.getRolePolicy('app', 'alarms'))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The role policy with name alarms cannot be found.',
    });
    expect(await refusal(iam.putRolePolicy('app', 'bad', '{"Statement": {}}'))).toMatchObject({
      code: 'MalformedPolicyDocument',
    });
  });

  it('keeps a role its inline policies under 10240 bytes together', async () => {
    await role('app');
    const big = (n: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'lambda:GetFunction',
            Resource: `arn:aws:lambda:*:*:function:${'f'.repeat(n)}`,
          },
        ],
      });
    await iam.putRolePolicy('app', 'a', big(5000));
    expect(await refusal(iam.putRolePolicy('app', 'b', big(5200)))).toMatchObject({
      code: 'LimitExceeded',
      message: 'Maximum policy size of 10240 bytes exceeded for role app',
    });
    await iam.putRolePolicy('app', 'a', big(9000));
  });

  it('deletes a role only once its policies are gone', async () => {
    await role('app');
    await iam.attachRolePolicy('app', BASIC);
    await iam.putRolePolicy('app', 'logs', doc('logs:*'));
    expect(await refusal(iam.deleteRole('app'))).toEqual({
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must detach all policies first.',
    });
    await iam.detachRolePolicy('app', BASIC);
    expect(await refusal(iam.deleteRole('app'))).toMatchObject({
      message: 'Cannot delete entity, must delete policies first.',
    });
    await iam.deleteRolePolicy('app', 'logs');
    await iam.deleteRole('app');
    expect(await refusal(iam.getRole('app'))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The role with name app cannot be found.',
    });
  });

  it('creates, reads and deletes customer managed policies', async () => {
    const p = await iam.createPolicy({
      policyName: 'deployer',
      path: '/ci/',
      policyDocument: doc('codedeploy:*'),
      description: 'CI',
    });
    expect(p.arn).toBe('arn:aws:iam::123456789012:policy/ci/deployer');
    expect(await iam.getPolicy(p.arn)).toMatchObject({
      policyName: 'deployer',
      defaultVersionId: 'v1',
      attachmentCount: 0,
      scope: 'Local',
    });
    expect((await iam.getPolicyVersion(p.arn, 'v1')).document).toBe(doc('codedeploy:*'));
    expect(await refusal(iam.getPolicyVersion(p.arn, 'v2'))).toMatchObject({
      code: 'NoSuchEntity',
      message: `Policy ${p.arn} version v2 does not exist or is not attachable.`,
    });
    expect(
      await refusal(
        iam.createPolicy({
          policyName: 'Deployer',
          path: undefined,
          policyDocument: doc('s3:*'),
          description: undefined,
        }),
      ),
    ).toMatchObject({
      code: 'EntityAlreadyExists',
      message: 'A policy called Deployer already exists. Duplicate names are not allowed.',
    });
    await role('ci');
    await iam.attachRolePolicy('ci', p.arn);
    expect(await refusal(iam.deletePolicy(p.arn))).toMatchObject({
      code: 'DeleteConflict',
      message: 'Cannot delete a policy attached to entities.',
    });
    await iam.detachRolePolicy('ci', p.arn);
    await iam.deletePolicy(p.arn);
    expect(await refusal(iam.getPolicy(p.arn))).toMatchObject({
      code: 'NoSuchEntity',
      message: `Policy ${p.arn} was not found.`,
    });
  });

  it('lists AWS managed and local policies by scope, and pages them', async () => {
    await iam.createPolicy({
      policyName: 'mine',
      path: undefined,
      policyDocument: doc('s3:*'),
      description: undefined,
    });
    const names = async (scope: 'All' | 'AWS' | 'Local') =>
      (
        await iam.listPolicies({
          scope,
          onlyAttached: undefined,
          pathPrefix: undefined,
          marker: undefined,
          maxItems: undefined,
        })
      ).items.map((p) => p.policyName);
    expect(await names('Local')).toEqual(['mine']);
    expect(await names('AWS')).toContain('AWSLambdaBasicExecutionRole');
    expect((await names('All')).length).toBe((await names('AWS')).length + 1);
    const first = await iam.listPolicies({
      scope: 'All',
      onlyAttached: undefined,
      pathPrefix: undefined,
      marker: undefined,
      maxItems: 4,
    });
    expect(first.isTruncated).toBe(true);
    const rest = await iam.listPolicies({
      scope: 'All',
      onlyAttached: undefined,
      pathPrefix: undefined,
      marker: first.marker,
      maxItems: 100,
    });
    expect([...first.items, ...rest.items].map((p) => p.policyName)).toEqual(await names('All'));
  });

  it('gathers a role its inline and attached policies for evaluation', async () => {
    await role('app');
    await iam.attachRolePolicy('app', BASIC);
    await iam.putRolePolicy('app', 'alarms', doc('cloudwatch:PutMetricAlarm'));
    const applicable = await iam.policiesOf(await iam.getRole('app'));
    expect(applicable.map((p) => p.name)).toEqual(['alarms', BASIC]);
  });

  it('tells whether Lambda may assume a role', async () => {
    await role('lambda');
    await iam.createRole({
      roleName: 'codedeploy',
      path: undefined,
      description: undefined,
      maxSessionDuration: undefined,
      assumeRolePolicyDocument: TRUST.replace('lambda.amazonaws.com', 'codedeploy.amazonaws.com'),
    });
    expect(await iam.lambdaMayAssume('arn:aws:iam::123456789012:role/lambda')).toBe(true);
    expect(await iam.lambdaMayAssume('arn:aws:iam::123456789012:role/codedeploy')).toBe(false);
    expect(await iam.lambdaMayAssume('arn:aws:iam::123456789012:role/any')).toBe(false);
  });
});
