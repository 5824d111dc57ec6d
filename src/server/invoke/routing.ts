import { createHash } from 'node:crypto';
import { InvalidParameterValueException } from '../functions/errors.js';
import type { AliasRecord } from '../functions/model.js';

export { PINNED_VERSION_HEADER, ROUTING_KEY_HEADER } from '../../contracts/headers.js';

/** `X-Gradual-Version`: `$LATEST` or a version number (who may send it is the caller's check). */
export function pinnedVersion(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^(\$LATEST|[0-9]+)$/.test(value)) {
    throw new InvalidParameterValueException(
      `X-Gradual-Version must be $LATEST or a version number, not '${value}'.`,
    );
  }
  return value;
}

type Routed = Pick<AliasRecord, 'functionVersion' | 'routing'>;

/**
 * Weighted alias routing (Lambda Developer Guide, weighted aliases): an invocation goes to the additional version with
 * probability `weight`, otherwise to the alias's own version. `draw` is a uniform number in
 * [0, 1) from the injected Random, so a seeded source gives exact, reproducible splits.
 */
export function pickVersion(alias: Routed, draw: number): string {
  const extra = alias.routing;
  return extra && draw < extra.weight ? extra.version : alias.functionVersion;
}

/** A routing key's fixed place in [0, 1): the first 48 bits of its SHA-256. No state, no draw. */
export function routingPoint(key: string): number {
  return createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** `$LATEST` ranks above every published version. */
function rank(version: string): number {
  return /^[0-9]+$/.test(version) ? Number(version) : Number.POSITIVE_INFINITY;
}

/**
 * Sticky, monotonic routing: a key goes to the newer of the alias's two versions (the higher
 * number) when its point falls below the newer version's share. Whichever way the alias writes
 * the split (`1 + {2: 0.1}` or `2 + {1: 0.9}`), the same keys land on the same versions, so as
 * the newer version's share grows keys only move from old to new, and a key keeps its version
 * while the share holds.
 */
export function pickStickyVersion(alias: Routed, point: number): string {
  const extra = alias.routing;
  if (!extra) return alias.functionVersion;
  const extraIsNewer = rank(extra.version) > rank(alias.functionVersion);
  const newer = extraIsNewer ? extra.version : alias.functionVersion;
  const older = extraIsNewer ? alias.functionVersion : extra.version;
  // Rounded so that 1 - 0.9 and 0.1 are the same share.
  const share = Math.round((extraIsNewer ? extra.weight : 1 - extra.weight) * 1e9) / 1e9;
  return point < share ? newer : older;
}
