import type { AccountTotals, Decision } from './store.js';
import type { DecisionContext } from './context.js';
import { functionNotFound, InvalidParameterValueException } from './errors.js';
import type { FunctionAggregate } from './model.js';
import { functionArn, LATEST } from './names.js';

/** At least this much of the account's concurrency stays unreserved, as in Lambda. */
export const MIN_UNRESERVED_CONCURRENCY = 100;

/**
 * The unreserved minimum for an account's limit: 100, or the whole limit when it is lower (AWS
 * reports "[10]" to accounts whose limit is 10: nothing of such a limit can be set aside).
 */
export function minimumUnreserved(accountLimit: number): number {
  return Math.min(MIN_UNRESERVED_CONCURRENCY, accountLimit);
}

export const UNQUALIFIED_ONLY =
  'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.';

export function decidePutConcurrency(
  current: FunctionAggregate | undefined,
  totals: AccountTotals,
  input: { name: string; reserved: number; accountLimit: number },
  ctx: DecisionContext,
): Decision<number> {
  if (!current) throw functionNotFound(functionArn(ctx.account, input.name, LATEST));
  const unreserved = input.accountLimit - totals.reservedConcurrencyElsewhere - input.reserved;
  const minimum = minimumUnreserved(input.accountLimit);
  if (unreserved < minimum) {
    throw new InvalidParameterValueException(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
    );
  }
  return {
    changes: [{ kind: 'putFunction', fn: { ...current.fn, reservedConcurrency: input.reserved } }],
    result: input.reserved,
  };
}

export function decideDeleteConcurrency(
  current: FunctionAggregate | undefined,
  input: { name: string },
  ctx: DecisionContext,
): Decision<undefined> {
  if (!current) throw functionNotFound(functionArn(ctx.account, input.name, LATEST));
  return {
    changes: [{ kind: 'putFunction', fn: { ...current.fn, reservedConcurrency: undefined } }],
    result: undefined,
  };
}

/** What a provisioned concurrency configuration may take, in the account as it stands. */
export interface ProvisionedBudget {
  accountLimit: number;
  /** Sum of every function's reserved concurrency. */
  totalReserved: number;
  /** The function's reserved concurrency, if it has one. */
  reserved: number | undefined;
  /** The function's other configurations (its other versions and aliases). */
  provisionedInFunction: number;
  /** The configurations of functions without reserved concurrency, other than this one. */
  provisionedUnreserved: number;
}

/**
 * Why `requested` provisioned environments cannot be granted, in Lambda's words; undefined when
 * they can. A function with reserved concurrency provisions out of it (Lambda: "The maximum
 * allowed provisioned concurrency is the function's reserved concurrency minus the provisioned
 * concurrency on other versions"); one without provisions out of the account's unreserved pool,
 * which must keep its minimum. Either way the environments kept warm never exceed the account's
 * limit (`--max-concurrency`).
 */
export function provisionedRefusal(requested: number, budget: ProvisionedBudget): string | undefined {
  if (budget.reserved !== undefined && budget.provisionedInFunction + requested > budget.reserved) {
    return 'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function';
  }
  if (requested > budget.accountLimit) {
    return `Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${budget.accountLimit}].`;
  }
  if (budget.reserved !== undefined) return undefined;
  const minimum = minimumUnreserved(budget.accountLimit);
  const left = budget.accountLimit - budget.totalReserved - budget.provisionedUnreserved - requested;
  if (left < minimum) {
    return `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`;
  }
  return undefined;
}
