import type { CustomerPolicyRecord, InlinePolicyRecord, RoleRecord } from './iam-model.js';

/**
 * The IAM domain's port to durable state. As for functions and deployments, writes are pure
 * synchronous decisions: `decide` reads through an `IamReader` inside one write transaction and
 * returns the changes, which the store applies atomically. Names are looked up as IAM looks them
 * up, ignoring case.
 */
export interface IamReader {
  role(name: string): RoleRecord | undefined;
  /** Every role, ordered by name. */
  roles(): RoleRecord[];
  inlinePolicy(roleName: string, policyName: string): InlinePolicyRecord | undefined;
  /** A role's inline policies, ordered by name. */
  inlinePolicies(roleName: string): InlinePolicyRecord[];
  /** The ARNs of the managed policies attached to a role, in attachment order. */
  attachedPolicies(roleName: string): string[];
  /** How many roles a managed policy (AWS's or the account's) is attached to. */
  attachmentCount(policyArn: string): number;
  policy(arn: string): CustomerPolicyRecord | undefined;
  policyByName(name: string): CustomerPolicyRecord | undefined;
  /** Every customer managed policy, ordered by name. */
  policies(): CustomerPolicyRecord[];
}

export type IamChange =
  | { kind: 'putRole'; role: RoleRecord }
  | { kind: 'deleteRole'; roleName: string }
  | { kind: 'putInlinePolicy'; policy: InlinePolicyRecord }
  | { kind: 'deleteInlinePolicy'; roleName: string; policyName: string }
  | { kind: 'attach'; roleName: string; policyArn: string }
  | { kind: 'detach'; roleName: string; policyArn: string }
  | { kind: 'putPolicy'; policy: CustomerPolicyRecord }
  | { kind: 'deletePolicy'; arn: string };

export interface IamDecision<T> {
  changes: readonly IamChange[];
  result: T;
}

export interface IamStore {
  read<T>(query: (reader: IamReader) => T): Promise<T>;
  transact<T>(decide: (reader: IamReader) => IamDecision<T>): Promise<T>;
}
