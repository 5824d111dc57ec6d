import type { IamService } from '../../iam/iam-service.js';
import { optional, optionalBool, optionalInt, oneOf, paging, required, type Params } from './input.js';
import { encodeDocument, listOutput, policyOutput, roleOutput, type Output } from './output.js';

/** One IAM operation: the request's members in, the `<Op>Result` members out (none for some). */
export type IamOperation = (params: Params, iam: IamService) => Promise<Output | undefined>;

const roleName = (p: Params): string => required(p, 'RoleName');

/** The IAM API subset gradual serves: roles, their policies, and customer managed policies. */
export const IAM_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  async CreateRole(p, iam) {
    const role = await iam.createRole({
      roleName: roleName(p),
      path: optional(p, 'Path'),
      assumeRolePolicyDocument: required(p, 'AssumeRolePolicyDocument'),
      description: optional(p, 'Description'),
      maxSessionDuration: optionalInt(p, 'MaxSessionDuration'),
    });
    return { Role: roleOutput(role) };
  },
  async GetRole(p, iam) {
    return { Role: roleOutput(await iam.getRole(roleName(p))) };
  },
  async ListRoles(p, iam) {
    const page = await iam.listRoles({ ...paging(p), pathPrefix: optional(p, 'PathPrefix') });
    return listOutput('Roles', page, roleOutput);
  },
  async DeleteRole(p, iam) {
    await iam.deleteRole(roleName(p));
    return undefined;
  },
  async UpdateAssumeRolePolicy(p, iam) {
    await iam.updateAssumeRolePolicy(roleName(p), required(p, 'PolicyDocument'));
    return undefined;
  },
  async AttachRolePolicy(p, iam) {
    await iam.attachRolePolicy(roleName(p), required(p, 'PolicyArn'));
    return undefined;
  },
  async DetachRolePolicy(p, iam) {
    await iam.detachRolePolicy(roleName(p), required(p, 'PolicyArn'));
    return undefined;
  },
  async ListAttachedRolePolicies(p, iam) {
    const page = await iam.listAttachedRolePolicies(roleName(p), paging(p));
    return listOutput('AttachedPolicies', page, (a) => ({
      PolicyName: a.policyName,
      PolicyArn: a.policyArn,
    }));
  },
  async PutRolePolicy(p, iam) {
    await iam.putRolePolicy(roleName(p), required(p, 'PolicyName'), required(p, 'PolicyDocument'));
    return undefined;
  },
  async GetRolePolicy(p, iam) {
    const policy = await iam.getRolePolicy(roleName(p), required(p, 'PolicyName'));
    return {
      RoleName: policy.roleName,
      PolicyName: policy.policyName,
      PolicyDocument: encodeDocument(policy.document),
    };
  },
  async DeleteRolePolicy(p, iam) {
    await iam.deleteRolePolicy(roleName(p), required(p, 'PolicyName'));
    return undefined;
  },
  async ListRolePolicies(p, iam) {
    return listOutput('PolicyNames', await iam.listRolePolicies(roleName(p), paging(p)), (name) => name);
  },
  async CreatePolicy(p, iam) {
    const policy = await iam.createPolicy({
      policyName: required(p, 'PolicyName'),
      path: optional(p, 'Path'),
      policyDocument: required(p, 'PolicyDocument'),
      description: optional(p, 'Description'),
    });
    return { Policy: policyOutput(policy) };
  },
  async GetPolicy(p, iam) {
    return { Policy: policyOutput(await iam.getPolicy(required(p, 'PolicyArn'))) };
  },
  async GetPolicyVersion(p, iam) {
    const policy = await iam.getPolicyVersion(required(p, 'PolicyArn'), required(p, 'VersionId'));
    return {
      PolicyVersion: {
        Document: encodeDocument(policy.document),
        VersionId: policy.defaultVersionId,
        IsDefaultVersion: true,
        CreateDate: new Date(policy.updateDate),
      },
    };
  },
  async ListPolicies(p, iam) {
    const page = await iam.listPolicies({
      ...paging(p),
      scope: oneOf(p, 'Scope', ['All', 'AWS', 'Local'] as const),
      onlyAttached: optionalBool(p, 'OnlyAttached'),
      pathPrefix: optional(p, 'PathPrefix'),
    });
    return listOutput('Policies', page, policyOutput);
  },
  async DeletePolicy(p, iam) {
    await iam.deletePolicy(required(p, 'PolicyArn'));
    return undefined;
  },
};
