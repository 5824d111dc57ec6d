import type { FunctionAggregate, FunctionConfig } from '../functions/model.js';
import { functionNotFound, ResourceConflictException } from '../functions/errors.js';
import { functionArn, isVersionNumber, LATEST, type Account } from '../functions/names.js';
import { pickStickyVersion, pickVersion, routingPoint } from './routing.js';

/** The configuration an invocation runs, chosen from the function as cached in memory. */
export interface InvocationTarget {
  functionName: string;
  /** `$LATEST` or a version number: what `X-Amz-Executed-Version` reports. */
  version: string;
  config: FunctionConfig;
  /** The ARN as the caller addressed it (unqualified, `:N`, `:alias`), for the runtime. */
  invokedArn: string;
}

/** How an alias's version is chosen beyond the weighted draw (gradual's sticky routing). */
export interface RoutingHints {
  /** Hashed into the alias's weights: the same key, the same version while the weights hold. */
  key?: string | undefined;
  /** A version reached whatever the weights say (smoke tests of a 0% version); callers check who may. */
  pinnedVersion?: string | undefined;
}

/**
 * Resolves a qualifier for Invoke (Lambda API Reference, Invoke): none or `$LATEST`, a version, or an alias (its
 * version, or the additional one with the alias's weight, by `draw`). Not-found messages name
 * `:$LATEST` for an unqualified call, as Lambda does; a version that is not Active is a 409.
 */
export function resolveInvocation(
  agg: FunctionAggregate | undefined,
  name: string,
  qualifier: string | undefined,
  account: Account,
  draw: () => number,
  hints: RoutingHints = {},
): InvocationTarget {
  const invokedArn = functionArn(account, name, qualifier);
  if (!agg) throw functionNotFound(functionArn(account, name, qualifier ?? LATEST));
  let version: string;
  if (hints.pinnedVersion !== undefined) {
    if (
      qualifier !== undefined &&
      qualifier !== LATEST &&
      !isVersionNumber(qualifier) &&
      !agg.aliases.has(qualifier)
    )
      throw functionNotFound(invokedArn);
    version = hints.pinnedVersion;
    const pinned = version === LATEST ? agg.fn.latest : agg.versions.get(Number(version))?.config;
    if (!pinned) throw functionNotFound(functionArn(account, name, version));
  } else if (qualifier === undefined || qualifier === LATEST || isVersionNumber(qualifier)) {
    version = qualifier ?? LATEST;
  } else {
    const alias = agg.aliases.get(qualifier);
    if (!alias) throw functionNotFound(invokedArn);
    version =
      hints.key !== undefined
        ? pickStickyVersion(alias, routingPoint(hints.key))
        : pickVersion(alias, alias.routing ? draw() : 0);
  }
  const config = version === LATEST ? agg.fn.latest : agg.versions.get(Number(version))?.config;
  if (!config)
    throw functionNotFound(qualifier === undefined ? invokedArn : functionArn(account, name, qualifier));
  if (config.state !== 'Active') {
    throw new ResourceConflictException(
      `The operation cannot be performed at this time. The function is currently in the following state: ${config.state}`,
    );
  }
  return { functionName: name, version, config, invokedArn };
}
