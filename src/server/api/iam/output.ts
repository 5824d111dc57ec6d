import type { CustomerPolicyRecord, RoleRecord } from '../../iam/iam-model.js';
import type { Page } from '../../iam/paging.js';
import type { PolicyView } from '../../iam/policy-rules.js';

/*
 * IAM's output shapes (IAM API Reference, data types Role, Policy, PolicyVersion). Policy
 * documents leave IAM URL-encoded, as RFC 3986 encodes them; the AWS CLI decodes them for display,
 * the SDKs hand them over as they are.
 */

export type Output = Record<string, unknown>;

export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

export function roleOutput(role: RoleRecord): Output {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createDate),
    AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
  };
}

export function policyOutput(
  policy: PolicyView | (CustomerPolicyRecord & { defaultVersionId?: string }),
): Output {
  return {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId ?? 'v1',
    AttachmentCount: 'attachmentCount' in policy ? policy.attachmentCount : 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.updateDate),
  };
}

/** A list result: the items under their member name, with `IsTruncated` and `Marker`. */
export function listOutput<T>(member: string, page: Page<T>, toOutput: (item: T) => unknown): Output {
  return {
    [member]: page.items.map(toOutput),
    IsTruncated: page.isTruncated,
    ...(page.marker ? { Marker: page.marker } : {}),
  };
}
