import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  LimitExceededException,
  NoSuchEntityException,
} from './errors.js';
import * as names from './iam-names.js';
import type { RoleRecord } from './iam-model.js';
import type { IamDecision, IamReader } from './iam-store.js';
import { MANAGED_POLICIES } from './managed-policies.js';
import { parsePolicyDocument, policySize } from './policy-parse.js';

/*
 * The rules of IAM roles, as pure decisions over the current state. Quotas are IAM's defaults
 * ("IAM and AWS STS quotas"); the messages are IAM's.
 */
const TRUST_POLICY_QUOTA = 2048;
const INLINE_POLICIES_QUOTA = 10240;
const MANAGED_PER_ROLE_QUOTA = 10;

export interface CreateRoleInput {
  roleName: string;
  path: string | undefined;
  assumeRolePolicyDocument: string;
  description: string | undefined;
  maxSessionDuration: number | undefined;
}

export function requireRole(reader: IamReader, roleName: string): RoleRecord {
  const role = reader.role(roleName);
  if (!role) throw new NoSuchEntityException(`The role with name ${roleName} cannot be found.`);
  return role;
}

function checkTrustPolicy(document: string): void {
  parsePolicyDocument(document, 'trust');
  if (policySize(document) > TRUST_POLICY_QUOTA) {
    throw new LimitExceededException(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_QUOTA}`);
  }
}

export function createRole(
  reader: IamReader,
  input: CreateRoleInput,
  ids: { accountId: string; roleId: string; now: number },
): IamDecision<RoleRecord> {
  const roleName = names.roleName(input.roleName);
  const path = names.pathOf(input.path);
  const description = names.description(input.description);
  const maxSessionDuration = names.maxSessionDuration(input.maxSessionDuration);
  if (reader.role(roleName))
    throw new EntityAlreadyExistsException(`Role with name ${roleName} already exists.`);
  checkTrustPolicy(input.assumeRolePolicyDocument);
  const role: RoleRecord = {
    roleName,
    roleId: ids.roleId,
    path,
    arn: `arn:aws:iam::${ids.accountId}:role${path}${roleName}`,
    createDate: ids.now,
    assumeRolePolicyDocument: input.assumeRolePolicyDocument,
    description,
    maxSessionDuration,
  };
  return { changes: [{ kind: 'putRole', role }], result: role };
}

export function deleteRole(reader: IamReader, roleName: string): IamDecision<void> {
  const role = requireRole(reader, names.roleName(roleName));
  if (reader.attachedPolicies(role.roleName).length > 0) {
    throw new DeleteConflictException('Cannot delete entity, must detach all policies first.');
  }
  if (reader.inlinePolicies(role.roleName).length > 0) {
    throw new DeleteConflictException('Cannot delete entity, must delete policies first.');
  }
  return { changes: [{ kind: 'deleteRole', roleName: role.roleName }], result: undefined };
}

export function updateAssumeRolePolicy(
  reader: IamReader,
  roleName: string,
  document: string,
): IamDecision<void> {
  const role = requireRole(reader, names.roleName(roleName));
  checkTrustPolicy(document);
  return {
    changes: [{ kind: 'putRole', role: { ...role, assumeRolePolicyDocument: document } }],
    result: undefined,
  };
}

function policyExists(reader: IamReader, arn: string): boolean {
  return MANAGED_POLICIES.has(arn) || reader.policy(arn) !== undefined;
}

export function attachRolePolicy(reader: IamReader, roleName: string, policyArn: string): IamDecision<void> {
  const role = requireRole(reader, names.roleName(roleName));
  const arn = names.policyArn(policyArn);
  if (!policyExists(reader, arn)) {
    throw new NoSuchEntityException(`Policy ${arn} does not exist or is not attachable.`);
  }
  const attached = reader.attachedPolicies(role.roleName);
  if (attached.includes(arn)) return { changes: [], result: undefined };
  if (attached.length >= MANAGED_PER_ROLE_QUOTA) {
    throw new LimitExceededException(`Cannot exceed quota for PoliciesPerRole: ${MANAGED_PER_ROLE_QUOTA}`);
  }
  return { changes: [{ kind: 'attach', roleName: role.roleName, policyArn: arn }], result: undefined };
}

export function detachRolePolicy(reader: IamReader, roleName: string, policyArn: string): IamDecision<void> {
  const role = requireRole(reader, names.roleName(roleName));
  const arn = names.policyArn(policyArn);
  if (!reader.attachedPolicies(role.roleName).includes(arn)) {
    throw new NoSuchEntityException(`Policy ${arn} was not found.`);
  }
  return { changes: [{ kind: 'detach', roleName: role.roleName, policyArn: arn }], result: undefined };
}

export function putRolePolicy(
  reader: IamReader,
  roleName: string,
  policyName: string,
  document: string,
): IamDecision<void> {
  const role = requireRole(reader, names.roleName(roleName));
  const name = names.policyName(policyName);
  parsePolicyDocument(document, 'identity');
  // The quota counts every inline policy of the role together, the replaced one excepted.
  const others = reader
    .inlinePolicies(role.roleName)
    .filter((p) => p.policyName.toLowerCase() !== name.toLowerCase())
    .reduce((sum, p) => sum + policySize(p.document), 0);
  if (others + policySize(document) > INLINE_POLICIES_QUOTA) {
    throw new LimitExceededException(
      `Maximum policy size of ${INLINE_POLICIES_QUOTA} bytes exceeded for role ${role.roleName}`,
    );
  }
  const existing = reader.inlinePolicy(role.roleName, name);
  return {
    changes: [
      ...(existing && existing.policyName !== name
        ? [{ kind: 'deleteInlinePolicy' as const, roleName: role.roleName, policyName: existing.policyName }]
        : []),
      { kind: 'putInlinePolicy', policy: { roleName: role.roleName, policyName: name, document } },
    ],
    result: undefined,
  };
}

export function deleteRolePolicy(reader: IamReader, roleName: string, policyName: string): IamDecision<void> {
  const role = requireRole(reader, names.roleName(roleName));
  const policy = reader.inlinePolicy(role.roleName, names.policyName(policyName));
  if (!policy) throw new NoSuchEntityException(`The role policy with name ${policyName} cannot be found.`);
  return {
    changes: [{ kind: 'deleteInlinePolicy', roleName: role.roleName, policyName: policy.policyName }],
    result: undefined,
  };
}

export function getRolePolicy(reader: IamReader, roleName: string, policyName: string) {
  const role = requireRole(reader, names.roleName(roleName));
  const policy = reader.inlinePolicy(role.roleName, names.policyName(policyName));
  if (!policy) throw new NoSuchEntityException(`The role policy with name ${policyName} cannot be found.`);
  return policy;
}
