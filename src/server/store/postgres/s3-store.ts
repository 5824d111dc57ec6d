import { assertNever } from '../../../common/errors.js';
import type { BucketRecord, ObjectRecord, PartRecord, UploadRecord } from '../../s3/model.js';
import type { S3Change, S3Decision, S3Reader, S3Store } from '../../s3/store.js';
import type { PgDatabase, Tx } from './pg-database.js';
import { decideWithReads, type AsyncReader } from './replay-reader.js';

type Row = { data: string };
type Query = Pick<Tx, 'query'>;
const parse = <T>(rows: Row[]): T | undefined => (rows[0] ? (JSON.parse(rows[0].data) as T) : undefined);
const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

export const S3_LOCK = 's3';

function reader(q: Query): AsyncReader<S3Reader> {
  return {
    bucket: async (name) =>
      parse<BucketRecord>(await q.query<Row>('SELECT data FROM s3_buckets WHERE name = $1', [name])),
    buckets: async () =>
      parseAll<BucketRecord>(await q.query<Row>('SELECT data FROM s3_buckets ORDER BY name')),
    object: async (bucket, key) =>
      parse<ObjectRecord>(
        await q.query<Row>('SELECT data FROM s3_objects WHERE bucket = $1 AND key = $2', [bucket, key]),
      ),
    // Keys are COLLATE "C": byte order of their UTF-8, S3's listing order.
    objects: async (bucket, prefix, after, limit) =>
      parseAll<ObjectRecord>(
        await q.query<Row>(
          'SELECT data FROM s3_objects WHERE bucket = $1 AND key > $2 AND key >= $3 ORDER BY key LIMIT $4',
          [bucket, after, prefix, limit],
        ),
      ).filter((o) => o.key.startsWith(prefix)),
    objectCount: async (bucket) =>
      (
        await q.query<{ n: number }>('SELECT COUNT(*)::integer AS n FROM s3_objects WHERE bucket = $1', [
          bucket,
        ])
      )[0]?.n ?? 0,
    upload: async (id) =>
      parse<UploadRecord>(await q.query<Row>('SELECT data FROM s3_uploads WHERE upload_id = $1', [id])),
    uploads: async (bucket) =>
      parseAll<UploadRecord>(
        await q.query<Row>('SELECT data FROM s3_uploads WHERE bucket = $1 ORDER BY key', [bucket]),
      ),
    parts: async (id) =>
      parseAll<PartRecord>(
        await q.query<Row>('SELECT data FROM s3_parts WHERE upload_id = $1 ORDER BY part_number', [id]),
      ),
    blobsInUse: async () => {
      const used = new Set<string>();
      for (const o of parseAll<ObjectRecord>(await q.query<Row>('SELECT data FROM s3_objects')))
        for (const b of o.blobs) used.add(b);
      for (const p of parseAll<PartRecord>(await q.query<Row>('SELECT data FROM s3_parts'))) used.add(p.blob);
      return used;
    },
  };
}

async function apply(tx: Tx, change: S3Change): Promise<void> {
  switch (change.kind) {
    case 'putBucket':
      await tx.query(
        'INSERT INTO s3_buckets (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = excluded.data',
        [change.bucket.name, JSON.stringify(change.bucket)],
      );
      return;
    case 'deleteBucket':
      await tx.query('DELETE FROM s3_buckets WHERE name = $1', [change.name]);
      return;
    case 'putObject':
      await tx.query(
        `INSERT INTO s3_objects (bucket, key, data) VALUES ($1, $2, $3)
         ON CONFLICT (bucket, key) DO UPDATE SET data = excluded.data`,
        [change.object.bucket, change.object.key, JSON.stringify(change.object)],
      );
      return;
    case 'deleteObject':
      await tx.query('DELETE FROM s3_objects WHERE bucket = $1 AND key = $2', [change.bucket, change.key]);
      return;
    case 'putUpload': {
      const u = change.upload;
      await tx.query(
        `INSERT INTO s3_uploads (upload_id, bucket, key, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (upload_id) DO UPDATE SET bucket = excluded.bucket, key = excluded.key, data = excluded.data`,
        [u.uploadId, u.bucket, u.key, JSON.stringify(u)],
      );
      return;
    }
    case 'deleteUpload':
      await tx.query('DELETE FROM s3_parts WHERE upload_id = $1', [change.uploadId]);
      await tx.query('DELETE FROM s3_uploads WHERE upload_id = $1', [change.uploadId]);
      return;
    case 'putPart':
      await tx.query(
        `INSERT INTO s3_parts (upload_id, part_number, data) VALUES ($1, $2, $3)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET data = excluded.data`,
        [change.part.uploadId, change.part.partNumber, JSON.stringify(change.part)],
      );
      return;
    default:
      assertNever(change);
  }
}

/**
 * S3's buckets, objects and uploads in PostgreSQL. Only the records: the objects' bytes stay blobs
 * in each node's data dir, so S3 is not shared between the nodes of a cluster yet.
 */
export class PgS3Store implements S3Store {
  constructor(private readonly db: PgDatabase) {}

  read<T>(query: (reader: S3Reader) => T): Promise<T> {
    return this.db.snapshot((tx) => decideWithReads(reader(tx), query));
  }

  transact<T>(decide: (reader: S3Reader) => S3Decision<T>): Promise<T> {
    return this.db.write(S3_LOCK, async (tx) => {
      const { changes, result } = await decideWithReads(reader(tx), decide);
      for (const change of changes) await apply(tx, change);
      return result;
    });
  }
}
