/** An IAM role as gradual keeps it. Times are ms since the epoch. */
export interface RoleRecord {
  roleName: string;
  /** `AROA` and 17 characters. */
  roleId: string;
  path: string;
  arn: string;
  createDate: number;
  /** The trust policy, as the caller wrote it. */
  assumeRolePolicyDocument: string;
  description: string | undefined;
  maxSessionDuration: number;
}

/** A policy embedded in one role (PutRolePolicy). */
export interface InlinePolicyRecord {
  roleName: string;
  policyName: string;
  document: string;
}

/** A customer managed policy (CreatePolicy): one version, the default. */
export interface CustomerPolicyRecord {
  policyName: string;
  /** `ANPA` and 17 characters. */
  policyId: string;
  path: string;
  arn: string;
  description: string | undefined;
  createDate: number;
  updateDate: number;
  document: string;
}
