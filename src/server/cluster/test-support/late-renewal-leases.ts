import type { Leases } from '../leases.js';

/**
 * One node's leases whose renewal can be made late: `lapse()` makes `holds` say no, while the
 * database still has every lease as this node's, so taking one again succeeds (as PgLeases does
 * for the same owner) and holds it again.
 */
export function lateRenewalLeases(): Leases & { lapse(): void } {
  let holds = true;
  return {
    acquire: () => {
      holds = true;
      return Promise.resolve(true);
    },
    holds: () => holds,
    release: () => Promise.resolve(),
    onLost: () => () => undefined,
    lapse: () => {
      holds = false;
    },
  };
}
