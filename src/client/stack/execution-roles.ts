import type { IAMClient } from '@aws-sdk/client-iam';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { TemplateError } from '../../common/template/errors.js';
import type { FunctionPlan, StackPlan } from '../template/model.js';

const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The name of the role SAM creates for a function: `<LogicalId>Role`, under the stack's name. */
export function createdRoleName(stackName: string, logicalId: string): string {
  return `${stackName}-${logicalId}Role`.slice(0, 64);
}

/** Managed policies by name (as SAM accepts them) or ARN, as ARNs. */
async function policyArns(iam: IAMClient, fn: FunctionPlan, names: readonly string[]): Promise<string[]> {
  const byName = new Map<string, string>();
  if (names.some((n) => !n.startsWith('arn:'))) {
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListPoliciesCommand({ Scope: 'All', Marker: marker, MaxItems: 1000 }));
      for (const p of page.Policies ?? []) if (p.PolicyName && p.Arn) byName.set(p.PolicyName, p.Arn);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  }
  return names.map((name) => {
    if (name.startsWith('arn:')) return name;
    const arn = byName.get(name);
    if (!arn)
      throw new TemplateError(
        `Resources.${fn.logicalId}.Properties.Policies`,
        `no managed policy is named ${name}`,
      );
    return arn;
  });
}

/**
 * The execution role of one function, as SAM would leave it: the template's `Role`, or the role
 * SAM creates (trusting Lambda, with AWSLambdaBasicExecutionRole and the template's `Policies`),
 * created or brought in line with the template through IAM's API. Returns the role's ARN.
 */
export async function ensureExecutionRole(
  iam: IAMClient,
  plan: StackPlan,
  fn: FunctionPlan,
  say: (line: string) => void,
): Promise<string> {
  const spec = fn.executionRole;
  if (spec.kind === 'existing') return spec.arn;
  const roleName = createdRoleName(plan.stackName, fn.logicalId);
  let arn: string | undefined;
  try {
    arn = (
      await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: LAMBDA_TRUST }))
    ).Role?.Arn;
    say(`role ${roleName}: created`);
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
    arn = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn;
  }
  const wanted = [BASIC_EXECUTION, ...(await policyArns(iam, fn, spec.managed))];
  const attached =
    (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? [];
  const have = attached.map((a) => a.PolicyArn ?? '');
  for (const policyArn of wanted.filter((a) => !have.includes(a))) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  }
  for (const policyArn of have.filter((a) => !wanted.includes(a))) {
    await iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  }
  // SAM names a function's inline policies <LogicalId>RolePolicy<N>.
  const inline = new Map(spec.inline.map((doc, i) => [`${fn.logicalId}RolePolicy${i}`, JSON.stringify(doc)]));
  for (const [policyName, document] of inline) {
    await iam.send(
      new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }),
    );
  }
  const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
  for (const policyName of names.filter((n) => !inline.has(n))) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
  }
  return arn ?? `arn:aws:iam::${plan.accountId}:role/${roleName}`;
}
