/**
 * `GET NODES_PATH` (signed, service `gradual`): the nodes sharing this gradual's state, one
 * without a cluster. `gradual status` and the dashboard show them.
 */
export const NODES_PATH = '/_gradual/v1/nodes';

/** A node of the cluster, as `gradual status` and the dashboard show it. */
export interface NodeView {
  id: string;
  /** Where its APIs answer. */
  address: string;
  gatewayAddress: string;
  /** gradual's version. */
  version: string;
  /** ms since the epoch (wall clock). */
  startedAt: number;
  /** ms since the epoch (the database's clock, in a cluster). */
  lastHeartbeat: number;
  /** How long ago that heartbeat was, by the same clock (so no two clocks are compared). */
  heartbeatAgeMs: number;
  /** Function environments running on it. */
  environments: number;
  /** Whether its heartbeat is recent (missed beats: presumed gone). */
  alive: boolean;
}

export interface NodesResponse {
  nodes: NodeView[];
}

/** "0.4 s ago", "3 min ago": a heartbeat's age as people read it. */
export function heartbeatAge(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s ago`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s ago`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  return `${Math.round(ms / 3_600_000)} h ago`;
}
