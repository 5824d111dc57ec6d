import { rmSync } from 'node:fs';
import type { ServerOptions, ServerSeams } from '../../src/server/main.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { startTestServer, tempDir, type TestServer } from './server.js';

export interface TestCluster {
  database: TestDatabase;
  nodes: TestServer[];
  /** Starts one more node on the same database. */
  add(options?: Partial<ServerOptions>): Promise<TestServer>;
  dispose(): Promise<void>;
}

/**
 * `count` gradual nodes on one fresh PostgreSQL database (the test run's server), each with a data
 * dir of its own, started one after the other (the first migrates the schema).
 */
export async function startTestCluster(
  count: number,
  options: Partial<ServerOptions> = {},
  seams: ServerSeams = {},
): Promise<TestCluster> {
  const database = await createTestDatabase();
  const nodes: TestServer[] = [];
  const dirs: string[] = [];
  const add = async (more: Partial<ServerOptions> = {}): Promise<TestServer> => {
    const dataDir = tempDir('gradual-node-');
    dirs.push(dataDir);
    const node = await startTestServer({ ...options, ...more, dataDir, database: database.url }, seams);
    nodes.push(node);
    return node;
  };
  for (let i = 0; i < count; i++) await add();
  return {
    database,
    nodes,
    add,
    async dispose() {
      await Promise.allSettled(nodes.map((n) => n.dispose()));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await database.drop();
    },
  };
}
