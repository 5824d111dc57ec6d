import type { Hono } from 'hono';
import { NODES_PATH, type NodesResponse } from '../../../contracts/node-view.js';
import type { NodeDirectory } from '../../cluster/nodes.js';
import type { ApiEnv, Extension } from '../app.js';

/**
 * `GET /_gradual/v1/nodes`: the nodes sharing this gradual's state, with their last heartbeat and
 * environments (one node without a cluster). Signed with SigV4 for the service name `gradual`.
 */
export function nodesRoute(nodes: NodeDirectory): Extension {
  return {
    prefix: NODES_PATH,
    signingName: 'gradual',
    mount(app: Hono<ApiEnv>) {
      app.get(NODES_PATH, async (c) => c.json({ nodes: await nodes.list() } satisfies NodesResponse));
    },
  };
}
