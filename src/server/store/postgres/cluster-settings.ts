import type { PgDatabase } from './pg-database.js';

/**
 * Settings every node of a cluster must share (the API's credentials, the rehearsal timeline): the
 * first node to start writes them, the others read them.
 */
export async function sharedSetting<T>(db: PgDatabase, key: string, proposed: () => T): Promise<T> {
  await db.query('INSERT INTO cluster_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    key,
    JSON.stringify(proposed()),
  ]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM cluster_settings WHERE key = $1', [key]);
  return JSON.parse(row!.value) as T;
}
