import type { BucketRecord, ObjectRecord, PartRecord, UploadRecord } from './model.js';

/** S3's state behind one interface (implemented in store/sqlite); writes are decisions in a transaction. */
export interface S3Reader {
  bucket(name: string): BucketRecord | undefined;
  buckets(): BucketRecord[];
  object(bucket: string, key: string): ObjectRecord | undefined;
  /** Objects whose key starts with `prefix` and sorts after `after`, in UTF-8 binary order, at most `limit`. */
  objects(bucket: string, prefix: string, after: string, limit: number): ObjectRecord[];
  objectCount(bucket: string): number;
  upload(uploadId: string): UploadRecord | undefined;
  uploads(bucket: string): UploadRecord[];
  /** In part number order. */
  parts(uploadId: string): PartRecord[];
  /** Every blob an object or a part refers to (what garbage collection keeps). */
  blobsInUse(): Set<string>;
}

export type S3Change =
  | { kind: 'putBucket'; bucket: BucketRecord }
  | { kind: 'deleteBucket'; name: string }
  | { kind: 'putObject'; object: ObjectRecord }
  | { kind: 'deleteObject'; bucket: string; key: string }
  | { kind: 'putUpload'; upload: UploadRecord }
  | { kind: 'deleteUpload'; uploadId: string }
  | { kind: 'putPart'; part: PartRecord };

export interface S3Decision<T> {
  changes: readonly S3Change[];
  result: T;
}

export interface S3Store {
  read<T>(query: (reader: S3Reader) => T): Promise<T>;
  transact<T>(decide: (reader: S3Reader) => S3Decision<T>): Promise<T>;
}
