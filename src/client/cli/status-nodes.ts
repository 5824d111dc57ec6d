import { heartbeatAge, NODES_PATH, type NodeView, type NodesResponse } from '../../contracts/node-view.js';
import { signedJson, type Connection } from '../sdk/connection.js';
import { table } from './table.js';

/** The nodes the server knows (itself alone without a cluster); undefined from a server too old to say. */
export async function listNodes(connection: Connection): Promise<NodeView[] | undefined> {
  try {
    const reply = (await signedJson(connection, { service: 'gradual', method: 'GET', path: NODES_PATH })) as
      NodesResponse | undefined;
    return reply?.nodes;
  } catch {
    return undefined;
  }
}

/** `gradual status`'s node table: address, version, last heartbeat, environments running. */
export function nodeLines(nodes: readonly NodeView[]): string[] {
  const live = nodes.filter((n) => n.alive).length;
  const title = nodes.length === 1 ? 'Node:' : `Nodes: ${live} of ${nodes.length} up`;
  const rows = [
    ['  ADDRESS', 'VERSION', 'HEARTBEAT', 'ENVIRONMENTS', 'NODE'],
    ...nodes.map((n) => [
      `  ${n.address || '(starting)'}`,
      n.version,
      n.alive ? heartbeatAge(n.heartbeatAgeMs) : `${heartbeatAge(n.heartbeatAgeMs)} (gone)`,
      String(n.environments),
      n.id,
    ]),
  ];
  return [title, ...table(rows)];
}
