import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type { BucketRecord, ObjectRecord, PartRecord, UploadRecord } from '../../s3/model.js';
import type { S3Change, S3Decision, S3Reader, S3Store } from '../../s3/store.js';
import { immediateTransaction, settled } from './transaction.js';

type Row = { data: string };
const parse = <T>(row: Row | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);
const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

/**
 * S3 in SQLite (migration 009-s3-buckets-and-objects). Keys are TEXT compared as SQLite does by
 * default (memcmp of UTF-8), which is S3's listing order.
 */
export class SqliteS3Store implements S3Store {
  private readonly reader: S3Reader;
  private readonly apply: (change: S3Change) => void;

  constructor(private readonly db: Database.Database) {
    const q = {
      bucket: db.prepare<[string], Row>('SELECT data FROM s3_buckets WHERE name = ?'),
      buckets: db.prepare<[], Row>('SELECT data FROM s3_buckets ORDER BY name'),
      object: db.prepare<[string, string], Row>('SELECT data FROM s3_objects WHERE bucket = ? AND key = ?'),
      objects: db.prepare<[string, string, string, number], Row>(
        'SELECT data FROM s3_objects WHERE bucket = ? AND key > ? AND key >= ? ORDER BY key LIMIT ?',
      ),
      count: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM s3_objects WHERE bucket = ?'),
      upload: db.prepare<[string], Row>('SELECT data FROM s3_uploads WHERE upload_id = ?'),
      uploads: db.prepare<[string], Row>('SELECT data FROM s3_uploads WHERE bucket = ? ORDER BY key'),
      parts: db.prepare<[string], Row>('SELECT data FROM s3_parts WHERE upload_id = ? ORDER BY part_number'),
      allObjects: db.prepare<[], Row>('SELECT data FROM s3_objects'),
      allParts: db.prepare<[], Row>('SELECT data FROM s3_parts'),
      putBucket: db.prepare('INSERT OR REPLACE INTO s3_buckets (name, data) VALUES (?, ?)'),
      deleteBucket: db.prepare('DELETE FROM s3_buckets WHERE name = ?'),
      putObject: db.prepare('INSERT OR REPLACE INTO s3_objects (bucket, key, data) VALUES (?, ?, ?)'),
      deleteObject: db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?'),
      putUpload: db.prepare(
        'INSERT OR REPLACE INTO s3_uploads (upload_id, bucket, key, data) VALUES (?, ?, ?, ?)',
      ),
      deleteUpload: db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?'),
      deleteParts: db.prepare('DELETE FROM s3_parts WHERE upload_id = ?'),
      putPart: db.prepare('INSERT OR REPLACE INTO s3_parts (upload_id, part_number, data) VALUES (?, ?, ?)'),
    };
    this.reader = {
      bucket: (name) => parse<BucketRecord>(q.bucket.get(name)),
      buckets: () => parseAll<BucketRecord>(q.buckets.all()),
      object: (bucket, key) => parse<ObjectRecord>(q.object.get(bucket, key)),
      objects: (bucket, prefix, after, limit) =>
        parseAll<ObjectRecord>(q.objects.all(bucket, after, prefix, limit)).filter((o) =>
          o.key.startsWith(prefix),
        ),
      objectCount: (bucket) => q.count.get(bucket)?.n ?? 0,
      upload: (id) => parse<UploadRecord>(q.upload.get(id)),
      uploads: (bucket) => parseAll<UploadRecord>(q.uploads.all(bucket)),
      parts: (id) => parseAll<PartRecord>(q.parts.all(id)),
      blobsInUse: () => {
        const used = new Set<string>();
        for (const o of parseAll<ObjectRecord>(q.allObjects.all())) for (const b of o.blobs) used.add(b);
        for (const p of parseAll<PartRecord>(q.allParts.all())) used.add(p.blob);
        return used;
      },
    };
    this.apply = (change) => {
      switch (change.kind) {
        case 'putBucket':
          q.putBucket.run(change.bucket.name, JSON.stringify(change.bucket));
          return;
        case 'deleteBucket':
          q.deleteBucket.run(change.name);
          return;
        case 'putObject':
          q.putObject.run(change.object.bucket, change.object.key, JSON.stringify(change.object));
          return;
        case 'deleteObject':
          q.deleteObject.run(change.bucket, change.key);
          return;
        case 'putUpload': {
          const u = change.upload;
          q.putUpload.run(u.uploadId, u.bucket, u.key, JSON.stringify(u));
          return;
        }
        case 'deleteUpload':
          q.deleteParts.run(change.uploadId);
          q.deleteUpload.run(change.uploadId);
          return;
        case 'putPart':
          q.putPart.run(change.part.uploadId, change.part.partNumber, JSON.stringify(change.part));
          return;
        default:
          assertNever(change);
      }
    };
  }

  read<T>(query: (reader: S3Reader) => T): Promise<T> {
    return settled(() => query(this.reader));
  }

  transact<T>(decide: (reader: S3Reader) => S3Decision<T>): Promise<T> {
    return immediateTransaction(this.db, () => {
      const { changes, result } = decide(this.reader);
      for (const change of changes) this.apply(change);
      return result;
    });
  }
}
