import type { AliasRecord } from '../registry/model.js';

/**
 * Weighted alias routing (spec §1.11): an invocation goes to the additional version with
 * probability `weight`, otherwise to the alias's own version. `draw` is a uniform number in
 * [0, 1) from the injected Random, so a seeded source gives exact, reproducible splits.
 */
export function pickVersion(alias: Pick<AliasRecord, 'functionVersion' | 'routing'>, draw: number): string {
  const extra = alias.routing;
  return extra && draw < extra.weight ? extra.version : alias.functionVersion;
}
