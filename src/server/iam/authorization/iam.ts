import { arnRef, ANY, str, type Account, type Check, type ResourceRef } from './model.js';

/**
 * IAM's own operations ("Actions, resources, and condition keys for AWS Identity and Access
 * Management"). IAM is global: its ARNs carry no region. A role's ARN includes its path, which
 * only CreateRole names; the others name the role, and the server looks the path up.
 */
type Input = Readonly<Record<string, unknown>>;

function path(input: Input): string {
  return str(input, 'Path') ?? '/';
}

const byRole = (_a: Account, i: Input): ResourceRef => ({ kind: 'role', name: str(i, 'RoleName') ?? '' });
const byPolicyArn = (_a: Account, i: Input): ResourceRef => arnRef(str(i, 'PolicyArn') ?? '*');

const RESOURCES: Readonly<Record<string, (account: Account, input: Input) => ResourceRef>> = {
  CreateRole: (a, i) => arnRef(`arn:aws:iam::${a.accountId}:role${path(i)}${str(i, 'RoleName') ?? ''}`),
  GetRole: byRole,
  DeleteRole: byRole,
  UpdateAssumeRolePolicy: byRole,
  AttachRolePolicy: byRole,
  DetachRolePolicy: byRole,
  ListAttachedRolePolicies: byRole,
  PutRolePolicy: byRole,
  GetRolePolicy: byRole,
  DeleteRolePolicy: byRole,
  ListRolePolicies: byRole,
  CreatePolicy: (a, i) => arnRef(`arn:aws:iam::${a.accountId}:policy${path(i)}${str(i, 'PolicyName') ?? ''}`),
  GetPolicy: byPolicyArn,
  GetPolicyVersion: byPolicyArn,
  DeletePolicy: byPolicyArn,
};

export function iamChecks(account: Account, operation: string, input: Input): Check[] {
  const resource = RESOURCES[operation]?.(account, input) ?? ANY;
  const policyArn = str(input, 'PolicyArn');
  // Attaching a policy sets iam:PolicyARN, so a policy can limit which ones a role may get.
  const context =
    (operation === 'AttachRolePolicy' || operation === 'DetachRolePolicy') && policyArn
      ? { 'iam:PolicyARN': policyArn }
      : undefined;
  return [{ action: `iam:${operation}`, resource, ...(context ? { context } : {}) }];
}
