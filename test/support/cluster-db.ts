import pg from 'pg';
import type { Deployment } from '../../src/server/deployments/model.js';

/** One query on its own connection: a look into a cluster's database, as an operator would. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The address of the node holding `resource`'s lease now, if one does. */
export async function leaseHolder(url: string, resource: string): Promise<string | undefined> {
  const [row] = await query<{ data: string }>(
    url,
    `SELECT n.data FROM leases l JOIN nodes n ON n.id = l.owner
     WHERE l.resource = $1 AND l.expires_at > now()`,
    [resource],
  );
  return row ? (JSON.parse(row.data) as { address: string }).address : undefined;
}

/** A deployment's decision log as the cluster's database holds it (empty if it is not there). */
export async function storedLog(url: string, id: string): Promise<Deployment['log']> {
  const [row] = await query<{ data: string }>(url, 'SELECT data FROM cd_deployments WHERE id = $1', [id]);
  return row ? (JSON.parse(row.data) as Deployment).log : [];
}
