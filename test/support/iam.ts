import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  EntityAlreadyExistsException,
  IAMClient,
  type IAMClientConfig,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';

/** The trust policy of a Lambda execution role, as seed 002 step 1 writes it. */
export const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** A trust policy letting `service` (e.g. `cloudformation.amazonaws.com`) assume the role. */
export const trustOf = (service: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

/** A policy document allowing each [actions, resource] pair. */
export const allowing = (...statements: [string | string[], string][]): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map(([Action, Resource]) => ({ Effect: 'Allow', Action, Resource })),
  });

/** A role `service` may assume, with `policy` inline when given; its ARN. */
export async function roleFor(
  iam: IAMClient,
  name: string,
  service: string,
  policy?: string,
): Promise<string> {
  const made = await iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustOf(service) }),
  );
  if (policy)
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: policy }));
  return made.Role?.Arn ?? '';
}

export const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** What a CodeDeploy hook function needs: to report its status, as SAM's documentation grants it. */
export const HOOK_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'codedeploy:PutLifecycleEventHookExecutionStatus',
      Resource: 'arn:aws:codedeploy:*:*:deploymentgroup:*',
    },
  ],
});

export interface RoleSpec {
  name: string;
  managed?: readonly string[];
  inline?: Readonly<Record<string, string>>;
}

/** Creates an execution role (or finds it made already, on a restarted data dir) with its policies. */
export async function ensureRole(iam: IAMClient, spec: RoleSpec): Promise<string> {
  let arn: string | undefined;
  try {
    const created = await iam.send(
      new CreateRoleCommand({ RoleName: spec.name, AssumeRolePolicyDocument: LAMBDA_TRUST }),
    );
    arn = created.Role?.Arn;
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
  }
  for (const policyArn of spec.managed ?? []) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: spec.name, PolicyArn: policyArn }));
  }
  for (const [policyName, document] of Object.entries(spec.inline ?? {})) {
    await iam.send(
      new PutRolePolicyCommand({ RoleName: spec.name, PolicyName: policyName, PolicyDocument: document }),
    );
  }
  return arn ?? spec.name;
}

/**
 * The role the test suite's functions run as (`ROLE`): logs, and reporting deployment hooks'
 * status, nothing else, like an execution role written for least privilege.
 */
export async function ensureTestRoles(config: IAMClientConfig): Promise<void> {
  const iam = new IAMClient(config);
  try {
    await ensureRole(iam, {
      name: 'lambda-role',
      managed: [BASIC_EXECUTION],
      inline: { 'deployment-hooks': HOOK_POLICY },
    });
  } finally {
    iam.destroy();
  }
}
