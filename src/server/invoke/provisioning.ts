import { ValidationException } from '../../common/errors.js';
import { provisionedRefusal } from '../functions/concurrency-rules.js';
import {
  functionNotFound,
  InvalidParameterValueException,
  ResourceNotFoundException,
} from '../functions/errors.js';
import { constraintMessage, functionArn, isVersionNumber, LATEST, type Account } from '../functions/names.js';
import type { FunctionAggregate } from '../functions/model.js';
import type { ProvisionedConcurrencyRecord } from '../functions/store.js';
import type { Pool, PoolTarget } from '../runtime/pool.js';
import type { FunctionCache } from './function-cache.js';

/** The qualifier a configuration is for: required, and not `$LATEST` (Lambda's words). */
export function provisionedQualifier(qualifier: string | undefined, latestMessage: string): string {
  if (qualifier === undefined) {
    throw new ValidationException(constraintMessage(null, 'qualifier', 'Member must not be null'));
  }
  if (qualifier === LATEST) throw new InvalidParameterValueException(latestMessage);
  return qualifier;
}

/** The function, with `qualifier` naming an existing version or alias (as Lambda words it). */
export async function existingQualifier(
  deps: { cache: Pick<FunctionCache, 'get'>; account: Account },
  functionName: string,
  qualifier: string,
): Promise<FunctionAggregate> {
  const agg = await deps.cache.get(functionName);
  const arn = functionArn(deps.account, functionName, qualifier);
  if (isVersionNumber(qualifier)) {
    if (!agg?.versions.has(Number(qualifier))) throw functionNotFound(arn);
  } else if (!agg?.aliases.has(qualifier)) {
    throw new ResourceNotFoundException(`Cannot find alias arn: ${arn}`);
  }
  return agg;
}

/** Environments started at once while applying a configuration: a large one starts in steps. */
export const STARTS_AT_ONCE = 4;

/**
 * Why `requested` environments cannot be provisioned for `qualifier` of a function beside the
 * configurations `records` (Lambda's words), or undefined: the account as it stands now, its
 * reservations and the other configurations of functions without one.
 */
export async function refusalWithin(
  deps: { cache: Pick<FunctionCache, 'get' | 'totalReserved'>; accountConcurrency: number },
  agg: FunctionAggregate,
  qualifier: string,
  requested: number,
  records: readonly ProvisionedConcurrencyRecord[],
): Promise<string | undefined> {
  const name = agg.fn.name;
  const others = records.filter((r) => r.functionName !== name || r.qualifier !== qualifier);
  let provisionedInFunction = 0;
  let provisionedUnreserved = 0;
  for (const r of others) {
    if (r.functionName === name) provisionedInFunction += r.requested;
    const owner = r.functionName === name ? agg : await deps.cache.get(r.functionName);
    if (owner && owner.fn.reservedConcurrency === undefined) provisionedUnreserved += r.requested;
  }
  return provisionedRefusal(requested, {
    accountLimit: deps.accountConcurrency,
    totalReserved: deps.cache.totalReserved,
    reserved: agg.fn.reservedConcurrency,
    provisionedInFunction,
    provisionedUnreserved,
  });
}

/**
 * Stored configurations checked in the order they were made, each as if it were put now beside
 * the ones accepted before it: those the account's limits do not allow (stored under other
 * limits, or before limits were checked) are refused with the reason.
 */
export async function checkStored(
  deps: { cache: Pick<FunctionCache, 'get' | 'totalReserved'>; accountConcurrency: number },
  records: readonly ProvisionedConcurrencyRecord[],
): Promise<{
  accepted: ProvisionedConcurrencyRecord[];
  refused: { record: ProvisionedConcurrencyRecord; reason: string }[];
}> {
  const accepted: ProvisionedConcurrencyRecord[] = [];
  const refused: { record: ProvisionedConcurrencyRecord; reason: string }[] = [];
  for (const record of [...records].sort((a, b) => a.lastModified - b.lastModified)) {
    const agg = await deps.cache.get(record.functionName);
    const reason = agg && (await refusalWithin(deps, agg, record.qualifier, record.requested, accepted));
    if (reason) refused.push({ record, reason });
    else accepted.push(record);
  }
  return { accepted, refused };
}

/**
 * Pins `count` environments of a target, starting at most STARTS_AT_ONCE at a time, so that a
 * large configuration neither floods the machine with process starts nor holds the event loop;
 * stops at the first step that does not fully start, or once `current()` says a newer decision
 * took over. Resolves with the number ready.
 */
export async function provisionInSteps(
  pool: Pick<Pool, 'provision' | 'provisioned'>,
  target: PoolTarget,
  count: number,
  current: () => boolean,
): Promise<number> {
  if (!current()) return 0;
  // First keep what runs already (or lower to `count`), then grow.
  let want = Math.min(count, pool.provisioned(target.key));
  let ready = await pool.provision(target, want);
  while (ready >= want && want < count && current()) {
    want = Math.min(count, want + STARTS_AT_ONCE);
    ready = await pool.provision(target, want);
  }
  return ready;
}
