import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { seededRandom } from '../../common/random.js';
import type { Caller } from '../auth/sigv4.js';
import type { DeployReader, DeployStore } from '../deployments/store.js';
import { IamService } from '../iam/iam-service.js';
import { MemoryIamStore } from '../iam/test-support/memory-iam-store.js';
import { functionAccess } from './function-access.js';

const account = { accountId: '123456789012', region: 'us-east-1' };
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const HOOKS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'codedeploy:PutLifecycleEventHookExecutionStatus',
      Resource: 'arn:aws:codedeploy:*:*:deploymentgroup:app/*',
    },
  ],
});

/** Deployment d-1 belongs to app/live, d-2 to other/live. */
const deployments = {
  read: <T>(query: (reader: DeployReader) => T): Promise<T> =>
    Promise.resolve(
      query({
        deployment: (id: string) =>
          ({
            'd-1': { applicationName: 'app', groupName: 'live' },
            'd-2': { applicationName: 'other', groupName: 'live' },
          })[id],
      } as unknown as DeployReader),
    ),
} as DeployStore;

async function setup() {
  const iam = new IamService({
    store: new MemoryIamStore(),
    clock: new VirtualClock(),
    random: seededRandom(3),
    accountId: account.accountId,
  });
  const role = await iam.createRole({
    roleName: 'hook',
    path: '/hooks/',
    assumeRolePolicyDocument: TRUST,
    description: undefined,
    maxSessionDuration: undefined,
  });
  await iam.putRolePolicy('hook', 'report', HOOKS);
  const authorize = functionAccess({ iam, deployments, account, wallClock: new VirtualClock() });
  const caller: Caller = {
    accessKeyId: 'ASIAEXAMPLE',
    service: 'codedeploy',
    region: 'us-east-1',
    session: {
      functionArn: `arn:aws:lambda:us-east-1:${account.accountId}:function:hook`,
      roleArn: role.arn,
    },
  };
  return { iam, authorize, caller };
}

const report = (deploymentId: string) => ({
  service: 'codedeploy' as const,
  operation: 'PutLifecycleEventHookExecutionStatus',
  input: { deploymentId, lifecycleEventHookExecutionId: 'h', status: 'Succeeded' },
});

describe('functionAccess', () => {
  it("authorizes a deployment's operations against its deployment group, which only the server knows", async () => {
    const { authorize, caller } = await setup();
    await expect(authorize(caller, report('d-1'), { sourceIp: '127.0.0.1' })).resolves.toBeUndefined();
    await expect(authorize(caller, report('d-2'), { sourceIp: '127.0.0.1' })).rejects.toMatchObject({
      code: 'AccessDeniedException',
      status: 403,
      message:
        'User: arn:aws:sts::123456789012:assumed-role/hook/hook is not authorized to perform: codedeploy:PutLifecycleEventHookExecutionStatus on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:other/live because no identity-based policy allows the codedeploy:PutLifecycleEventHookExecutionStatus action',
    });
  });

  it('leaves an unknown deployment to the operation, which reports it as CodeDeploy does', async () => {
    const { authorize, caller } = await setup();
    await expect(authorize(caller, report('d-404'), { sourceIp: undefined })).resolves.toBeUndefined();
  });

  it('names a role in IAM requests by its ARN, path included', async () => {
    const { iam, authorize, caller } = await setup();
    await iam.putRolePolicy(
      'hook',
      'read-roles',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:aws:iam::*:role/hooks/*' }],
      }),
    );
    const getRole = (name: string) => ({
      service: 'iam' as const,
      operation: 'GetRole',
      input: { RoleName: name },
    });
    await expect(authorize(caller, getRole('hook'), { sourceIp: undefined })).resolves.toBeUndefined();
    await expect(authorize(caller, getRole('elsewhere'), { sourceIp: undefined })).rejects.toMatchObject({
      code: 'AccessDeniedException',
    });
  });

  it('refuses everything once the role is gone', async () => {
    const { iam, authorize, caller } = await setup();
    await iam.deleteRolePolicy('hook', 'report');
    await iam.deleteRole('hook');
    await expect(authorize(caller, report('d-1'), { sourceIp: undefined })).rejects.toMatchObject({
      code: 'AccessDeniedException',
    });
  });
});
