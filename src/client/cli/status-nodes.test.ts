import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../contracts/node-view.js';
import { nodeLines } from './status-nodes.js';

function node(overrides: Partial<NodeView>): NodeView {
  return {
    id: 'a1',
    address: 'http://10.0.0.1:9000',
    gatewayAddress: 'http://10.0.0.1:8080',
    version: '0.1.0',
    startedAt: 0,
    lastHeartbeat: 0,
    heartbeatAgeMs: 400,
    environments: 3,
    alive: true,
    ...overrides,
  };
}

describe("gradual status's nodes", () => {
  it('shows one node without counting', () => {
    expect(nodeLines([node({})])).toEqual([
      'Node:',
      '  ADDRESS               VERSION  HEARTBEAT  ENVIRONMENTS  NODE',
      '  http://10.0.0.1:9000  0.1.0    0.4 s ago  3             a1',
    ]);
  });

  it('counts the nodes up and marks the silent ones gone', () => {
    const lines = nodeLines([
      node({}),
      node({
        id: 'b2',
        address: 'http://10.0.0.2:9000',
        heartbeatAgeMs: 95_000,
        alive: false,
        environments: 0,
      }),
    ]);
    expect(lines[0]).toBe('Nodes: 1 of 2 up');
    expect(lines[3]).toMatch(/^ {2}http:\/\/10\.0\.0\.2:9000 {2}0\.1\.0 {4}95 s ago \(gone\) {2}0 +b2$/);
  });
});
