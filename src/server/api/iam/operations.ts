import { z } from 'zod';
import type { IamService } from '../../iam/iam-service.js';
import { operation, type Operation } from '../operation.js';
import type { Leaves } from '../protocols/leaves.js';
import { awsEnum } from '../validation.js';
import { encodeDocument, listOutput, policyOutput, roleOutput } from './output.js';

/**
 * The IAM API subset gradual serves: roles, their policies, and customer managed policies (IAM
 * API Reference, each action's request parameters). Every member is a form string; the leaves
 * turn numbers and booleans into their types.
 */

const RoleName = z.string();
const PolicyArn = z.string();

/** `Marker` and `MaxItems` of the List actions. */
const paging = (t: Leaves) => ({ Marker: z.string().optional(), MaxItems: t.int().optional() });
const pageOptions = (input: { Marker?: string | undefined; MaxItems?: number | undefined }) => ({
  marker: input.Marker,
  maxItems: input.MaxItems,
});

export const IAM_OPERATIONS: readonly Operation<IamService>[] = [
  operation(
    'CreateRole',
    (t) =>
      z.object({
        RoleName,
        Path: z.string().optional(),
        AssumeRolePolicyDocument: z.string(),
        Description: z.string().optional(),
        MaxSessionDuration: t.int().optional(),
      }),
    async (input, iam: IamService) => {
      const role = await iam.createRole({
        roleName: input.RoleName,
        path: input.Path,
        assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
        description: input.Description,
        maxSessionDuration: input.MaxSessionDuration,
      });
      return { Role: roleOutput(role) };
    },
  ),
  operation(
    'GetRole',
    () => z.object({ RoleName }),
    async (input, iam: IamService) => ({ Role: roleOutput(await iam.getRole(input.RoleName)) }),
  ),
  operation(
    'ListRoles',
    (t) => z.object({ ...paging(t), PathPrefix: z.string().optional() }),
    async (input, iam: IamService) =>
      listOutput(
        'Roles',
        await iam.listRoles({ ...pageOptions(input), pathPrefix: input.PathPrefix }),
        roleOutput,
      ),
  ),
  operation(
    'DeleteRole',
    () => z.object({ RoleName }),
    async (input, iam: IamService) => {
      await iam.deleteRole(input.RoleName);
      return undefined;
    },
  ),
  operation(
    'UpdateAssumeRolePolicy',
    () => z.object({ RoleName, PolicyDocument: z.string() }),
    async (input, iam: IamService) => {
      await iam.updateAssumeRolePolicy(input.RoleName, input.PolicyDocument);
      return undefined;
    },
  ),
  operation(
    'AttachRolePolicy',
    () => z.object({ RoleName, PolicyArn }),
    async (input, iam: IamService) => {
      await iam.attachRolePolicy(input.RoleName, input.PolicyArn);
      return undefined;
    },
  ),
  operation(
    'DetachRolePolicy',
    () => z.object({ RoleName, PolicyArn }),
    async (input, iam: IamService) => {
      await iam.detachRolePolicy(input.RoleName, input.PolicyArn);
      return undefined;
    },
  ),
  operation(
    'ListAttachedRolePolicies',
    (t) => z.object({ RoleName, ...paging(t) }),
    async (input, iam: IamService) =>
      listOutput(
        'AttachedPolicies',
        await iam.listAttachedRolePolicies(input.RoleName, pageOptions(input)),
        (a) => ({
          PolicyName: a.policyName,
          PolicyArn: a.policyArn,
        }),
      ),
  ),
  operation(
    'PutRolePolicy',
    () => z.object({ RoleName, PolicyName: z.string(), PolicyDocument: z.string() }),
    async (input, iam: IamService) => {
      await iam.putRolePolicy(input.RoleName, input.PolicyName, input.PolicyDocument);
      return undefined;
    },
  ),
  operation(
    'GetRolePolicy',
    () => z.object({ RoleName, PolicyName: z.string() }),
    async (input, iam: IamService) => {
      const policy = await iam.getRolePolicy(input.RoleName, input.PolicyName);
      return {
        RoleName: policy.roleName,
        PolicyName: policy.policyName,
        PolicyDocument: encodeDocument(policy.document),
      };
    },
  ),
  operation(
    'DeleteRolePolicy',
    () => z.object({ RoleName, PolicyName: z.string() }),
    async (input, iam: IamService) => {
      await iam.deleteRolePolicy(input.RoleName, input.PolicyName);
      return undefined;
    },
  ),
  operation(
    'ListRolePolicies',
    (t) => z.object({ RoleName, ...paging(t) }),
    async (input, iam: IamService) =>
      listOutput(
        'PolicyNames',
        await iam.listRolePolicies(input.RoleName, pageOptions(input)),
        (name) => name,
      ),
  ),
  operation(
    'CreatePolicy',
    () =>
      z.object({
        PolicyName: z.string(),
        Path: z.string().optional(),
        PolicyDocument: z.string(),
        Description: z.string().optional(),
      }),
    async (input, iam: IamService) => {
      const policy = await iam.createPolicy({
        policyName: input.PolicyName,
        path: input.Path,
        policyDocument: input.PolicyDocument,
        description: input.Description,
      });
      return { Policy: policyOutput(policy) };
    },
  ),
  operation(
    'GetPolicy',
    () => z.object({ PolicyArn }),
    async (input, iam: IamService) => ({ Policy: policyOutput(await iam.getPolicy(input.PolicyArn)) }),
  ),
  operation(
    'GetPolicyVersion',
    () => z.object({ PolicyArn, VersionId: z.string() }),
    async (input, iam: IamService) => {
      const policy = await iam.getPolicyVersion(input.PolicyArn, input.VersionId);
      return {
        PolicyVersion: {
          Document: encodeDocument(policy.document),
          VersionId: policy.defaultVersionId,
          IsDefaultVersion: true,
          CreateDate: new Date(policy.updateDate),
        },
      };
    },
  ),
  operation(
    'ListPolicies',
    (t) =>
      z.object({
        ...paging(t),
        Scope: awsEnum(['All', 'AWS', 'Local']).optional(),
        OnlyAttached: t.bool().optional(),
        PathPrefix: z.string().optional(),
      }),
    async (input, iam: IamService) => {
      const page = await iam.listPolicies({
        ...pageOptions(input),
        scope: input.Scope,
        onlyAttached: input.OnlyAttached,
        pathPrefix: input.PathPrefix,
      });
      return listOutput('Policies', page, policyOutput);
    },
  ),
  operation(
    'DeletePolicy',
    () => z.object({ PolicyArn }),
    async (input, iam: IamService) => {
      await iam.deletePolicy(input.PolicyArn);
      return undefined;
    },
  ),
];
