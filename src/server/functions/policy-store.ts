import type { FunctionAggregate } from './model.js';

/** One statement of a Lambda resource-based policy, in the JSON form GetPolicy returns. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | { Service: string } | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/** The policy of one function ARN: unqualified (`qualifier` ''), a version or an alias. */
export interface PolicyRecord {
  functionName: string;
  qualifier: string;
  statements: PolicyStatement[];
  revisionId: string;
}

export type PolicyChange =
  | { kind: 'putPolicy'; policy: PolicyRecord }
  | { kind: 'deletePolicy'; functionName: string; qualifier: string };

export interface PolicyDecision<T> {
  changes: readonly PolicyChange[];
  result: T;
}

/**
 * Resource-based policies. Deleting a function (or one of its versions or aliases) deletes the
 * policies of what was deleted, in the same transaction (see the function store).
 */
export interface PolicyStore {
  load(functionName: string, qualifier: string): Promise<PolicyRecord | undefined>;
  /** Runs `decide` on the function and the policy in one write transaction, then applies its changes. */
  transact<T>(
    functionName: string,
    qualifier: string,
    decide: (fn: FunctionAggregate | undefined, policy: PolicyRecord | undefined) => PolicyDecision<T>,
  ): Promise<T>;
}
