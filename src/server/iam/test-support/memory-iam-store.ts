import { assertNever } from '../../../common/errors.js';
import type { CustomerPolicyRecord, InlinePolicyRecord, RoleRecord } from '../iam-model.js';
import type { IamChange, IamDecision, IamReader, IamStore } from '../iam-store.js';

const key = (name: string): string => name.toLowerCase();
const byName = <T>(items: Iterable<T>, name: (t: T) => string): T[] =>
  [...items].sort((a, b) => name(a).localeCompare(name(b)));

/** The IAM store in memory, for tests of the domain: the same interface as SQLite's. */
export class MemoryIamStore implements IamStore {
  private readonly roles = new Map<string, RoleRecord>();
  private readonly inline = new Map<string, Map<string, InlinePolicyRecord>>();
  private readonly attachments = new Map<string, string[]>();
  private readonly policies = new Map<string, CustomerPolicyRecord>();

  private readonly reader: IamReader = {
    role: (name) => this.roles.get(key(name)),
    roles: () => byName(this.roles.values(), (r) => r.roleName),
    inlinePolicy: (roleName, policyName) => this.inline.get(key(roleName))?.get(key(policyName)),
    inlinePolicies: (roleName) => byName(this.inline.get(key(roleName))?.values() ?? [], (p) => p.policyName),
    attachedPolicies: (roleName) => [...(this.attachments.get(key(roleName)) ?? [])],
    attachmentCount: (arn) => [...this.attachments.values()].filter((list) => list.includes(arn)).length,
    policy: (arn) => this.policies.get(arn),
    policyByName: (name) => [...this.policies.values()].find((p) => key(p.policyName) === key(name)),
    policies: () => byName(this.policies.values(), (p) => p.policyName),
  };

  read<T>(query: (reader: IamReader) => T): Promise<T> {
    try {
      return Promise.resolve(query(this.reader));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  transact<T>(decide: (reader: IamReader) => IamDecision<T>): Promise<T> {
    try {
      const { changes, result } = decide(this.reader);
      changes.forEach((change) => this.apply(change));
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private apply(change: IamChange): void {
    switch (change.kind) {
      case 'putRole':
        this.roles.set(key(change.role.roleName), change.role);
        return;
      case 'deleteRole':
        this.roles.delete(key(change.roleName));
        return;
      case 'putInlinePolicy': {
        const map = this.inline.get(key(change.policy.roleName)) ?? new Map<string, InlinePolicyRecord>();
        map.set(key(change.policy.policyName), change.policy);
        this.inline.set(key(change.policy.roleName), map);
        return;
      }
      case 'deleteInlinePolicy':
        this.inline.get(key(change.roleName))?.delete(key(change.policyName));
        return;
      case 'attach':
        this.attachments.set(key(change.roleName), [
          ...this.reader.attachedPolicies(change.roleName),
          change.policyArn,
        ]);
        return;
      case 'detach':
        this.attachments.set(
          key(change.roleName),
          this.reader.attachedPolicies(change.roleName).filter((arn) => arn !== change.policyArn),
        );
        return;
      case 'putPolicy':
        this.policies.set(change.policy.arn, change.policy);
        return;
      case 'deletePolicy':
        this.policies.delete(change.arn);
        return;
      default:
        return assertNever(change);
    }
  }
}
