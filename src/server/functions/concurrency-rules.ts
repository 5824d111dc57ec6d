import type { AccountTotals, Decision } from './store.js';
import type { DecisionContext } from './context.js';
import { functionNotFound, InvalidParameterValueException } from './errors.js';
import type { FunctionAggregate } from './model.js';
import { functionArn, LATEST } from './names.js';

/** At least this much of the account's concurrency stays unreserved, as in Lambda. */
export const MIN_UNRESERVED_CONCURRENCY = 100;

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
  if (unreserved < MIN_UNRESERVED_CONCURRENCY) {
    throw new InvalidParameterValueException(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED_CONCURRENCY}].`,
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
