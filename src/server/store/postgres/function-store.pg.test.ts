import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { PgFunctionStore } from './function-store.js';
import type { PgDatabase } from './pg-database.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';

let database: TestDatabase;
let store: PostgresStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = await openPostgresStore({ url: database.url });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

describe('PgFunctionStore.listUnsettled (each cluster node asks every second)', () => {
  it('is answered from the partial index over unsettled functions, not a scan of every one', async () => {
    const record = (state: string, lastUpdateStatus: string): string =>
      JSON.stringify({ latest: { state, lastUpdateStatus } });
    await store.db.query(`INSERT INTO functions (name, data) VALUES ('a', $1), ('b', $2), ('c', $3)`, [
      record('Active', 'Successful'),
      record('Pending', 'InProgress'),
      record('Active', 'InProgress'),
    ]);
    // The statement the store sends, word for word: the planner only uses a partial index whose
    // predicate the query's WHERE implies.
    const sent: string[] = [];
    const recording = {
      query: (sql: string, params?: readonly unknown[]) => {
        sent.push(sql);
        return store.db.query(sql, params);
      },
    } as unknown as PgDatabase;
    expect((await new PgFunctionStore(recording).listUnsettled()).sort()).toEqual(['b', 'c']);
    expect(sent).toHaveLength(1);
    const plan = await store.db.write(undefined, async (tx) => {
      // Whatever the table's size, a scan is the last resort: a usable index shows in the plan.
      await tx.query('SET LOCAL enable_seqscan = off');
      return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sent[0]}`);
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('functions_unsettled');
  });
});
