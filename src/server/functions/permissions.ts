import type { PolicyRecord, PolicyStatement, PolicyStore } from './policy-store.js';
import type { DecisionContext } from './context.js';
import {
  allowsServiceCall,
  decideAddPermission,
  decideRemovePermission,
  policyDocument,
  type AddPermissionInput,
  type ServiceCall,
} from './policy-rules.js';
import type { Registry } from './registry.js';

/**
 * Lambda's resource-based policies: the operations run the pure rules in store transactions;
 * `allows` answers front doors from memory (policies are read once and dropped on any change to
 * the function, since deleting a function, version or alias deletes its policies).
 */
export class Permissions {
  private readonly cache = new Map<string, Promise<PolicyRecord | undefined>>();

  constructor(
    private readonly deps: { store: PolicyStore; registry: Pick<Registry, 'context' | 'onChange'> },
  ) {
    deps.registry.onChange((name) => this.forget(name));
  }

  private context(): DecisionContext {
    return this.deps.registry.context();
  }

  async add(input: AddPermissionInput): Promise<PolicyStatement> {
    try {
      return await this.deps.store.transact(input.functionName, input.qualifier, (fn, policy) =>
        decideAddPermission(fn, policy, input, this.context()),
      );
    } finally {
      this.forget(input.functionName);
    }
  }

  async remove(input: {
    functionName: string;
    qualifier: string;
    statementId: string;
    revisionId: string | undefined;
  }): Promise<void> {
    try {
      await this.deps.store.transact(input.functionName, input.qualifier, (fn, policy) =>
        decideRemovePermission(fn, policy, input, this.context()),
      );
    } finally {
      this.forget(input.functionName);
    }
  }

  /** GetPolicy, read in a transaction so the function and its policy agree. */
  get(input: { functionName: string; qualifier: string }): Promise<{ Policy: string; RevisionId: string }> {
    return this.deps.store.transact(input.functionName, input.qualifier, (fn, policy) => ({
      changes: [],
      result: policyDocument(fn, policy, input, this.context()),
    }));
  }

  /** Whether the policy of `functionName` (`qualifier`: '' when unqualified) lets a service make `call`. */
  async allows(functionName: string, qualifier: string, call: ServiceCall): Promise<boolean> {
    const key = `${functionName}\0${qualifier}`;
    let policy = this.cache.get(key);
    if (!policy) {
      policy = this.deps.store.load(functionName, qualifier);
      this.cache.set(key, policy);
      policy.catch(() => this.cache.delete(key));
    }
    const record = await policy;
    return record !== undefined && allowsServiceCall(record.statements, call);
  }

  private forget(functionName: string): void {
    for (const key of this.cache.keys()) {
      if (key.startsWith(`${functionName}\0`)) this.cache.delete(key);
    }
  }
}
