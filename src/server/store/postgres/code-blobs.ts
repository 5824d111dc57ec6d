import type { CodeBlobs } from '../../artifacts/code-store.js';
import type { PgDatabase } from './pg-database.js';

/** Code packages in the database, once per content hash, for every node to fetch. */
export class PgCodeBlobs implements CodeBlobs {
  constructor(private readonly db: PgDatabase) {}

  async put(sha256Hex: string, zip: Buffer): Promise<void> {
    await this.db.query(
      'INSERT INTO code_packages (sha256, zip) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING',
      [sha256Hex, zip],
    );
  }

  async get(sha256Hex: string): Promise<Buffer | undefined> {
    const [row] = await this.db.query<{ zip: Buffer }>('SELECT zip FROM code_packages WHERE sha256 = $1', [
      sha256Hex,
    ]);
    return row?.zip;
  }

  async collectGarbage(referenced: ReadonlySet<string>): Promise<number> {
    // Young packages may belong to a create whose function row is not committed yet.
    const rows = await this.db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM code_packages
         WHERE stored_at < now() - interval '1 hour' AND NOT (sha256 = ANY($1::text[])) RETURNING 1)
       SELECT count(*)::bigint AS n FROM gone`,
      [[...referenced]],
    );
    return rows[0]?.n ?? 0;
  }
}
