import type { FunctionAggregate } from '../functions/model.js';
import { isVersionNumber, LATEST } from '../functions/names.js';

/**
 * Which environments to keep: pure decisions behind provisioned concurrency and the retiring of
 * environments nothing routes to any more.
 */

export interface ProvisionedConfig {
  qualifier: string;
  requested: number;
}

/**
 * The versions a function's provisioned concurrency configurations keep warm, and how many
 * environments each: a version's configuration its own count; an alias's is split between its
 * two versions by the routing weight, as Lambda does.
 */
export function provisionedAllocation(
  agg: FunctionAggregate,
  configs: readonly ProvisionedConfig[],
): Map<string, number> {
  const allocation = new Map<string, number>();
  const add = (version: string, n: number): void => {
    if (n > 0) allocation.set(version, (allocation.get(version) ?? 0) + n);
  };
  for (const config of configs) {
    for (const [version, n] of shares(agg, config)) add(version, n);
  }
  return allocation;
}

/** One configuration's share per version. */
export function shares(agg: FunctionAggregate, config: ProvisionedConfig): [string, number][] {
  if (isVersionNumber(config.qualifier)) {
    return agg.versions.has(Number(config.qualifier)) ? [[config.qualifier, config.requested]] : [];
  }
  const alias = agg.aliases.get(config.qualifier);
  if (!alias) return [];
  if (!alias.routing) return [[alias.functionVersion, config.requested]];
  const extra = Math.round(config.requested * alias.routing.weight);
  return [
    [alias.functionVersion, config.requested - extra],
    [alias.routing.version, extra],
  ];
}

/** Versions some alias sends traffic to. */
export function routedVersions(agg: FunctionAggregate): Set<string> {
  const routed = new Set<string>();
  for (const alias of agg.aliases.values()) {
    routed.add(alias.functionVersion);
    if (alias.routing) routed.add(alias.routing.version);
  }
  return routed;
}

/**
 * Whether the environments of (version, revision) should stop after a change to the function:
 * the function or version is gone, `$LATEST` changed (a new revision), or an alias routed to the
 * version before the change and none does now (unless provisioned concurrency keeps it). A
 * version nobody aliased, invoked directly by number, is left to idle reaping.
 */
export function shouldRetire(input: {
  agg: FunctionAggregate | undefined;
  version: string;
  revisionId: string;
  routedBefore: ReadonlySet<string>;
  routedNow: ReadonlySet<string>;
  provisioned: ReadonlySet<string>;
}): boolean {
  const { agg, version } = input;
  if (!agg) return true;
  if (version === LATEST) return agg.fn.latest.revisionId !== input.revisionId;
  if (!agg.versions.has(Number(version))) return true;
  if (input.provisioned.has(version)) return false;
  return input.routedBefore.has(version) && !input.routedNow.has(version);
}
