import type { Clock } from '../../common/clock.js';
import type { NodeDirectory, NodeInfo } from '../cluster/nodes.js';
import type { Cluster, ClusterOptions } from './cluster-model.js';

export type { Cluster, ClusterOptions, Followers } from './cluster-model.js';

/**
 * Joins the cluster. The PostgreSQL side (the `pg` driver and the stores) is loaded here, when
 * asked for, rather than on every server's start: most servers keep their state in SQLite.
 */
export async function openCluster(options: ClusterOptions): Promise<Cluster> {
  const { openPgCluster } = await import('./cluster-postgres.js');
  return openPgCluster(options);
}

/** The node directory of a server without a cluster: itself. */
export function soleNode(
  self: () => Omit<NodeInfo, 'lastHeartbeat' | 'heartbeatAgeMs' | 'alive'>,
  wallClock: Clock,
): NodeDirectory {
  return {
    list: () =>
      Promise.resolve([{ ...self(), lastHeartbeat: wallClock.now(), heartbeatAgeMs: 0, alive: true }]),
  };
}
