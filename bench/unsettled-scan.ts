/**
 * What a cluster node's once-a-second look for unsettled functions costs on PostgreSQL
 * (Registry.settleStranded -> listUnsettled), with the partial index functions_unsettled and
 * without it. Run: npm run bench:unsettled [-- functions] (default 10000)
 */
import { openPostgresStore } from '../src/server/store/postgres/postgres-store.js';
import { postgres, out, spread } from './cluster/harness.js';
import { timed } from './stats.js';

const count = Number(process.argv[2] ?? 10_000);
const LOOKS = 200;

// A function's stored record, about the size of a real one (environment, layers, tags...).
const recordSql = `json_build_object(
  'name', 'fn-' || i,
  'latest', json_build_object(
    'state', CASE WHEN i % 5000 = 1 THEN 'Pending' ELSE 'Active' END,
    'lastUpdateStatus', CASE WHEN i % 5000 = 2 THEN 'InProgress' ELSE 'Successful' END,
    'code', json_build_object('sha256Hex', md5(i::text) || md5((i + 1)::text)),
    'environment', json_build_object('A', repeat('x', 600), 'B', repeat('y', 600))
  )
)::text`;

async function main(): Promise<void> {
  const pg = await postgres(process.env.GRADUAL_TEST_DATABASE_URL);
  try {
    const database = await pg.database();
    const store = await openPostgresStore({ url: database.url });
    try {
      await store.db.query(
        `INSERT INTO functions (name, data) SELECT 'fn-' || i, ${recordSql} FROM generate_series(1, $1) i`,
        [count],
      );
      await store.db.query('ANALYZE functions');
      out(`${count} functions on ${pg.where}; ${LOOKS} looks each`);
      for (const label of ['with functions_unsettled', 'without it']) {
        const found = await store.functions.listUnsettled();
        const samples: number[] = [];
        for (let i = 0; i < LOOKS; i++) samples.push(await timed(() => store.functions.listUnsettled()));
        const [plan] = await store.db.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT name FROM functions
           WHERE data::jsonb #>> '{latest,state}' = 'Pending'
              OR data::jsonb #>> '{latest,lastUpdateStatus}' = 'InProgress'`,
        );
        out(`${label}: ${spread(samples).text}, ${found.length} unsettled; plan: ${plan?.['QUERY PLAN']}`);
        await store.db.query('DROP INDEX IF EXISTS functions_unsettled');
      }
    } finally {
      await store.close();
    }
  } finally {
    await pg.stop();
  }
}

await main();
