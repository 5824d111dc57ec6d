import type { NodeView } from '../../contracts/node-view.js';

/** A node of the cluster (the shape `gradual status` and the dashboard read). */
export type NodeInfo = NodeView;

/** The nodes sharing this gradual's state (one, without a cluster). */
export interface NodeDirectory {
  list(): Promise<NodeInfo[]>;
}
