import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { openPostgresStore } from '../postgres/postgres-store.js';
import type { Store } from '../store.js';
import { storeContract } from './store-contract.js';

let database: TestDatabase;
const open: Store[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

/** Empties every table gradual made (the schema and its migrations stay). */
async function emptyAll(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'change_head')",
    );
    if (tables.rows.length > 0) {
      await client.query(
        `TRUNCATE ${tables.rows.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY`,
      );
    }
  } finally {
    await client.end();
  }
}

storeContract({
  name: 'PostgreSQL',
  open: async () => {
    const store = await openPostgresStore({ url: database.url });
    open.push(store);
    await emptyAll(database.url);
    return store;
  },
  openAgain: async () => {
    const store = await openPostgresStore({ url: database.url });
    open.push(store);
    return store;
  },
});
