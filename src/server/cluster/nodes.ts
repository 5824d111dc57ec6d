/** A node of the cluster, as `gradual status` and the dashboard show it. */
export interface NodeInfo {
  id: string;
  /** Where its APIs answer. */
  address: string;
  gatewayAddress: string;
  /** gradual's version. */
  version: string;
  /** ms since the epoch (wall clock). */
  startedAt: number;
  lastHeartbeat: number;
  /** Function environments running on it. */
  environments: number;
  /** Whether its heartbeat is recent (missed beats: presumed gone). */
  alive: boolean;
}

/** The nodes sharing this gradual's state (one, without a cluster). */
export interface NodeDirectory {
  list(): Promise<NodeInfo[]>;
}
