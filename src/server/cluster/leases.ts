/**
 * Whatever must run once in a cluster (a deployment, an execution, an event's attempt, alarm
 * evaluation) is driven by the node holding its lease. A lease lapses unless renewed, so the work
 * of a node that died is taken over once its leases expire. A late, deposed driver is harmless:
 * the engines save a step only on the revision they read (their fence), and check that they still
 * hold the lease before acting on the world.
 */
export interface Leases {
  /** Takes (or keeps) the lease on `resource`; resolves true while this node holds it. */
  acquire(resource: string): Promise<boolean>;
  /** Whether this node holds the lease now, with time to spare. */
  holds(resource: string): boolean;
  /** Gives the lease up (the work is done), so another node need not wait for it to expire. */
  release(resource: string): Promise<void>;
  /** Hears the resources whose lease this node lost (not renewed in time, or taken over). */
  onLost(listener: (resource: string) => void): () => void;
}

/** A single node holds every lease. */
export const SOLE_NODE_LEASES: Leases = {
  acquire: () => Promise.resolve(true),
  holds: () => true,
  release: () => Promise.resolve(),
  onLost: () => () => undefined,
};

/** Runs `tick` every `ms` of `clock` until stopped; a tick's failure is its own business. */
export function every(
  clock: { setTimer(ms: number, fn: () => void): { cancel(): void } },
  ms: number,
  tick: () => Promise<void> | void,
): () => void {
  let stopped = false;
  let timer: { cancel(): void } | undefined;
  const arm = (): void => {
    if (stopped) return;
    timer = clock.setTimer(ms, () => {
      void Promise.resolve()
        .then(tick)
        .catch(() => undefined)
        .finally(arm);
    });
  };
  arm();
  return () => {
    stopped = true;
    timer?.cancel();
  };
}
