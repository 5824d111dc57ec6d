import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  LimitExceededException,
  NoSuchEntityException,
} from './errors.js';
import * as names from './iam-names.js';
import type { CustomerPolicyRecord } from './iam-model.js';
import type { IamDecision, IamReader } from './iam-store.js';
import { isAwsManagedArn, MANAGED_POLICIES } from './managed-policies.js';
import { parsePolicyDocument, policySize } from './policy-parse.js';

const POLICY_SIZE_QUOTA = 6144;
const VERSION = 'v1';

/** A managed policy, AWS's or the account's, as GetPolicy and ListPolicies describe it. */
export interface PolicyView {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  defaultVersionId: string;
  attachmentCount: number;
  description: string | undefined;
  createDate: number;
  updateDate: number;
  /** The default version's document. */
  document: string;
  scope: 'AWS' | 'Local';
}

export interface CreatePolicyInput {
  policyName: string;
  path: string | undefined;
  policyDocument: string;
  description: string | undefined;
}

export function createPolicy(
  reader: IamReader,
  input: CreatePolicyInput,
  ids: { accountId: string; policyId: string; now: number },
): IamDecision<CustomerPolicyRecord> {
  const policyName = names.policyName(input.policyName);
  const path = names.pathOf(input.path);
  const description = names.description(input.description);
  if (reader.policyByName(policyName)) {
    throw new EntityAlreadyExistsException(
      `A policy called ${policyName} already exists. Duplicate names are not allowed.`,
    );
  }
  parsePolicyDocument(input.policyDocument, 'identity');
  if (policySize(input.policyDocument) > POLICY_SIZE_QUOTA) {
    throw new LimitExceededException(`Cannot exceed quota for PolicySize: ${POLICY_SIZE_QUOTA}`);
  }
  const policy: CustomerPolicyRecord = {
    policyName,
    policyId: ids.policyId,
    path,
    arn: `arn:aws:iam::${ids.accountId}:policy${path}${policyName}`,
    description,
    createDate: ids.now,
    updateDate: ids.now,
    document: input.policyDocument,
  };
  return { changes: [{ kind: 'putPolicy', policy }], result: policy };
}

/** Any managed policy by ARN, or IAM's NoSuchEntity for it. */
export function findPolicy(reader: IamReader, arn: string): PolicyView {
  names.policyArn(arn);
  const managed = MANAGED_POLICIES.get(arn);
  if (managed) {
    return {
      policyName: managed.name,
      policyId: managed.policyId,
      arn,
      path: managed.path,
      defaultVersionId: managed.versionId,
      attachmentCount: reader.attachmentCount(arn),
      description: managed.description,
      createDate: Date.parse(managed.createDate),
      updateDate: Date.parse(managed.updateDate),
      document: managed.documentText,
      scope: 'AWS',
    };
  }
  const policy = reader.policy(arn);
  if (!policy) {
    throw new NoSuchEntityException(
      isAwsManagedArn(arn)
        ? `Policy ${arn} does not exist or is not attachable.`
        : `Policy ${arn} was not found.`,
    );
  }
  return customerView(reader, policy);
}

export function customerView(reader: IamReader, policy: CustomerPolicyRecord): PolicyView {
  return {
    ...policy,
    defaultVersionId: VERSION,
    attachmentCount: reader.attachmentCount(policy.arn),
    scope: 'Local',
  };
}

export function findPolicyVersion(reader: IamReader, arn: string, versionId: string): PolicyView {
  const policy = findPolicy(reader, arn);
  if (versionId !== policy.defaultVersionId) {
    throw new NoSuchEntityException(
      `Policy ${arn} version ${versionId} does not exist or is not attachable.`,
    );
  }
  return policy;
}

export function deletePolicy(reader: IamReader, arn: string): IamDecision<void> {
  const policy = findPolicy(reader, arn);
  if (policy.scope === 'AWS') throw new NoSuchEntityException(`Policy ${arn} was not found.`);
  if (policy.attachmentCount > 0)
    throw new DeleteConflictException('Cannot delete a policy attached to entities.');
  return { changes: [{ kind: 'deletePolicy', arn }], result: undefined };
}
