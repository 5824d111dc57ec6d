import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/random.js';
import type { ApplicablePolicy } from './evaluate.js';
import type { CustomerPolicyRecord, InlinePolicyRecord, RoleRecord } from './iam-model.js';
import { roleName as checkRoleName, roleNameOfArn } from './iam-names.js';
import type { IamStore } from './iam-store.js';
import { MANAGED_POLICIES } from './managed-policies.js';
import { pageOf, type Page } from './paging.js';
import { parsePolicyDocument } from './policy-parse.js';
import * as policies from './policy-rules.js';
import * as roles from './role-rules.js';
import { serviceMayAssume } from './trust.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface IamDeps {
  store: IamStore;
  clock: Clock;
  random: Random;
  accountId: string;
}

export interface ListOptions {
  marker: string | undefined;
  maxItems: number | undefined;
}

export interface ListPoliciesOptions extends ListOptions {
  scope: 'All' | 'AWS' | 'Local' | undefined;
  onlyAttached: boolean | undefined;
  pathPrefix: string | undefined;
}

/** IAM's roles and policies for one account: the operations of the IAM API subset gradual serves. */
export class IamService {
  constructor(private readonly deps: IamDeps) {}

  private id(prefix: string): string {
    let id = prefix;
    for (let i = 0; i < 17; i++) id += BASE32[Math.floor(this.deps.random.next() * 32)] ?? 'A';
    return id;
  }

  createRole(input: roles.CreateRoleInput): Promise<RoleRecord> {
    const ids = { accountId: this.deps.accountId, roleId: this.id('AROA'), now: this.deps.clock.now() };
    return this.deps.store.transact((r) => roles.createRole(r, input, ids));
  }

  getRole(roleName: string): Promise<RoleRecord> {
    return this.deps.store.read((r) => roles.requireRole(r, checkRoleName(roleName)));
  }

  listRoles(options: ListOptions & { pathPrefix: string | undefined }): Promise<Page<RoleRecord>> {
    const prefix = options.pathPrefix ?? '/';
    return this.deps.store.read((r) =>
      pageOf(
        r.roles().filter((role) => role.path.startsWith(prefix)),
        options.marker,
        options.maxItems,
      ),
    );
  }

  deleteRole(roleName: string): Promise<void> {
    return this.deps.store.transact((r) => roles.deleteRole(r, roleName));
  }

  updateAssumeRolePolicy(roleName: string, document: string): Promise<void> {
    return this.deps.store.transact((r) => roles.updateAssumeRolePolicy(r, roleName, document));
  }

  attachRolePolicy(roleName: string, policyArn: string): Promise<void> {
    return this.deps.store.transact((r) => roles.attachRolePolicy(r, roleName, policyArn));
  }

  detachRolePolicy(roleName: string, policyArn: string): Promise<void> {
    return this.deps.store.transact((r) => roles.detachRolePolicy(r, roleName, policyArn));
  }

  listAttachedRolePolicies(
    roleName: string,
    options: ListOptions,
  ): Promise<Page<{ policyName: string; policyArn: string }>> {
    return this.deps.store.read((r) => {
      const role = roles.requireRole(r, checkRoleName(roleName));
      const attached = r.attachedPolicies(role.roleName).map((arn) => ({
        policyArn: arn,
        policyName:
          MANAGED_POLICIES.get(arn)?.name ?? r.policy(arn)?.policyName ?? arn.split('/').pop() ?? arn,
      }));
      return pageOf(attached, options.marker, options.maxItems);
    });
  }

  putRolePolicy(roleName: string, policyName: string, document: string): Promise<void> {
    return this.deps.store.transact((r) => roles.putRolePolicy(r, roleName, policyName, document));
  }

  getRolePolicy(roleName: string, policyName: string): Promise<InlinePolicyRecord> {
    return this.deps.store.read((r) => roles.getRolePolicy(r, roleName, policyName));
  }

  deleteRolePolicy(roleName: string, policyName: string): Promise<void> {
    return this.deps.store.transact((r) => roles.deleteRolePolicy(r, roleName, policyName));
  }

  listRolePolicies(roleName: string, options: ListOptions): Promise<Page<string>> {
    return this.deps.store.read((r) => {
      const role = roles.requireRole(r, checkRoleName(roleName));
      const names = r.inlinePolicies(role.roleName).map((p) => p.policyName);
      return pageOf(names, options.marker, options.maxItems);
    });
  }

  createPolicy(input: policies.CreatePolicyInput): Promise<CustomerPolicyRecord> {
    const ids = { accountId: this.deps.accountId, policyId: this.id('ANPA'), now: this.deps.clock.now() };
    return this.deps.store.transact((r) => policies.createPolicy(r, input, ids));
  }

  getPolicy(arn: string): Promise<policies.PolicyView> {
    return this.deps.store.read((r) => policies.findPolicy(r, arn));
  }

  getPolicyVersion(arn: string, versionId: string): Promise<policies.PolicyView> {
    return this.deps.store.read((r) => policies.findPolicyVersion(r, arn, versionId));
  }

  deletePolicy(arn: string): Promise<void> {
    return this.deps.store.transact((r) => policies.deletePolicy(r, arn));
  }

  listPolicies(options: ListPoliciesOptions): Promise<Page<policies.PolicyView>> {
    return this.deps.store.read((r) => {
      const scope = options.scope ?? 'All';
      const aws =
        scope === 'Local' ? [] : [...MANAGED_POLICIES.keys()].map((arn) => policies.findPolicy(r, arn));
      const local = scope === 'AWS' ? [] : r.policies().map((p) => policies.customerView(r, p));
      const all = [...aws, ...local]
        .filter((p) => p.path.startsWith(options.pathPrefix ?? '/'))
        .filter((p) => !options.onlyAttached || p.attachmentCount > 0)
        .sort((a, b) => a.policyName.localeCompare(b.policyName));
      return pageOf(all, options.marker, options.maxItems);
    });
  }

  /** The role a function names by ARN, when it exists (its path included). */
  roleByArn(arn: string): Promise<RoleRecord | undefined> {
    const name = roleNameOfArn(arn);
    if (!name) return Promise.resolve(undefined);
    return this.deps.store.read((r) => {
      const role = r.role(name);
      return role?.arn === arn ? role : undefined;
    });
  }

  /** A role's ARN by name, for authorizing IAM requests that name a role. */
  roleArnOf(roleName: string): Promise<string | undefined> {
    return this.deps.store.read((r) => r.role(roleName)?.arn);
  }

  /** Whether Lambda may assume the role: it exists and its trust policy lets lambda.amazonaws.com in. */
  lambdaMayAssume(roleArn: string): Promise<boolean> {
    return this.serviceMayAssumeRole(roleArn, 'lambda.amazonaws.com');
  }

  /** Whether a service (`cloudformation.amazonaws.com`) may assume the role: it exists and trusts it. */
  async serviceMayAssumeRole(roleArn: string, service: string): Promise<boolean> {
    const role = await this.roleByArn(roleArn);
    return (
      role !== undefined &&
      serviceMayAssume(parsePolicyDocument(role.assumeRolePolicyDocument, 'trust'), service)
    );
  }

  /** Every policy that applies to a role: its inline policies and the managed ones attached to it. */
  policiesOf(role: RoleRecord): Promise<ApplicablePolicy[]> {
    return this.deps.store.read((r) => {
      const inline = r.inlinePolicies(role.roleName).map((p) => ({
        name: p.policyName,
        document: parsePolicyDocument(p.document, 'identity'),
      }));
      const attached = r.attachedPolicies(role.roleName).flatMap((arn) => {
        const managed = MANAGED_POLICIES.get(arn);
        if (managed) return [{ name: arn, document: managed.parsed }];
        const policy = r.policy(arn);
        return policy ? [{ name: arn, document: parsePolicyDocument(policy.document, 'identity') }] : [];
      });
      return [...inline, ...attached];
    });
  }
}
