import type { CodeBlobs } from '../../artifacts/code-store.js';
import type { PgDatabase } from './pg-database.js';

/** Where a kind of blob is kept: code packages, or S3 objects' bytes (each with its own collection). */
export type BlobTable = { table: 'code_packages'; column: 'zip' } | { table: 's3_blobs'; column: 'bytes' };

export const CODE_PACKAGES: BlobTable = { table: 'code_packages', column: 'zip' };
export const S3_BLOBS: BlobTable = { table: 's3_blobs', column: 'bytes' };

/** Blobs in the database, once per content hash, for every node to fetch. */
export class PgCodeBlobs implements CodeBlobs {
  constructor(
    private readonly db: PgDatabase,
    private readonly where: BlobTable = CODE_PACKAGES,
  ) {}

  async put(sha256Hex: string, bytes: Buffer): Promise<void> {
    const { table, column } = this.where;
    await this.db.query(
      `INSERT INTO ${table} (sha256, ${column}) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`,
      [sha256Hex, bytes],
    );
  }

  async get(sha256Hex: string): Promise<Buffer | undefined> {
    const { table, column } = this.where;
    const [row] = await this.db.query<{ bytes: Buffer }>(
      `SELECT ${column} AS bytes FROM ${table} WHERE sha256 = $1`,
      [sha256Hex],
    );
    return row?.bytes;
  }

  async collectGarbage(referenced: ReadonlySet<string>): Promise<number> {
    // Young blobs may belong to a write whose referring row is not committed yet.
    const rows = await this.db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM ${this.where.table}
         WHERE stored_at < now() - interval '1 hour' AND NOT (sha256 = ANY($1::text[])) RETURNING 1)
       SELECT count(*)::bigint AS n FROM gone`,
      [[...referenced]],
    );
    return rows[0]?.n ?? 0;
  }
}
