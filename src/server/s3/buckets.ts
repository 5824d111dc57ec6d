import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/random.js';
import type { CodeStore } from '../artifacts/code-store.js';
import { createHash } from 'node:crypto';
import { decideDeletePolicy, decidePutPolicy, readPolicy } from './bucket-policy.js';
import {
  BucketAlreadyOwnedByYou,
  BucketNotEmpty,
  EntityTooSmall,
  InvalidPart,
  InvalidPartOrder,
  noSuchBucket,
  noSuchKey,
  noSuchUpload,
} from './errors.js';
import type { BucketRecord, ObjectRecord, PartRecord, UploadRecord } from './model.js';
import { checkBucketName, listPage, type ListPage, type ListRequest } from './rules.js';
import type { S3Reader, S3Store } from './store.js';

export interface S3Deps {
  store: S3Store;
  /** Object bytes by content hash, fsynced before the row that refers to them. */
  blobs: CodeStore;
  clock: Clock;
  random: Random;
  region: string;
}

export interface ObjectInput {
  contentType: string | undefined;
  metadata: Record<string, string>;
}

/** S3's smallest part, but for the last one (Amazon S3 multipart upload limits). */
const MIN_PART_BYTES = 5 * 1024 * 1024;

const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

function bucketOf(r: S3Reader, name: string): BucketRecord {
  const bucket = r.bucket(name);
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

/** Buckets and objects: what the S3 API, Lambda's `S3Bucket`/`S3Key` and CloudFormation read and write. */
export class Buckets {
  constructor(private readonly deps: S3Deps) {}

  list(): Promise<BucketRecord[]> {
    return this.deps.store.read((r) => r.buckets());
  }

  create(name: string, region = this.deps.region): Promise<BucketRecord> {
    checkBucketName(name);
    const bucket = { name, region, creationDate: this.deps.clock.now() };
    return this.deps.store.transact((r) => {
      if (r.bucket(name))
        throw new BucketAlreadyOwnedByYou(
          'Your previous request to create the named bucket succeeded and you already own it.',
          { BucketName: name },
        );
      return { changes: [{ kind: 'putBucket', bucket }], result: bucket };
    });
  }

  head(name: string): Promise<BucketRecord> {
    return this.deps.store.read((r) => bucketOf(r, name));
  }

  putPolicy(name: string, policy: string): Promise<void> {
    return this.deps.store.transact((r) => decidePutPolicy(r, name, policy));
  }

  policy(name: string): Promise<string> {
    return this.deps.store.read((r) => readPolicy(r, name));
  }

  deletePolicy(name: string): Promise<void> {
    return this.deps.store.transact((r) => decideDeletePolicy(r, name));
  }

  delete(name: string): Promise<void> {
    return this.deps.store.transact((r) => {
      bucketOf(r, name);
      if (r.objectCount(name) > 0 || r.uploads(name).length > 0)
        throw new BucketNotEmpty('The bucket you tried to delete is not empty', { BucketName: name });
      return { changes: [{ kind: 'deleteBucket', name }], result: undefined };
    });
  }

  async put(bucket: string, key: string, body: Buffer, input: ObjectInput): Promise<ObjectRecord> {
    await this.head(bucket); // before storing bytes nobody will refer to
    const blob = await this.deps.blobs.put(body);
    const object: ObjectRecord = {
      bucket,
      key,
      blobs: [blob],
      size: body.length,
      etag: `"${md5(body)}"`,
      contentType: input.contentType ?? 'binary/octet-stream',
      metadata: input.metadata,
      lastModified: this.deps.clock.now(),
    };
    return this.deps.store.transact((r) => {
      bucketOf(r, bucket);
      return { changes: [{ kind: 'putObject', object }], result: object };
    });
  }

  copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }, input?: ObjectInput) {
    return this.deps.store.transact((r) => {
      bucketOf(r, from.bucket);
      bucketOf(r, to.bucket);
      const source = r.object(from.bucket, from.key);
      if (!source) throw noSuchKey(from.key);
      const object: ObjectRecord = {
        ...source,
        ...to,
        ...(input ? { contentType: input.contentType ?? source.contentType, metadata: input.metadata } : {}),
        lastModified: this.deps.clock.now(),
      };
      return { changes: [{ kind: 'putObject', object }], result: object };
    });
  }

  object(bucket: string, key: string): Promise<ObjectRecord> {
    return this.deps.store.read((r) => {
      bucketOf(r, bucket);
      const object = r.object(bucket, key);
      if (!object) throw noSuchKey(key);
      return object;
    });
  }

  /** The object's bytes from `start` to `end` inclusive (all of them by default). */
  async read(object: ObjectRecord, start = 0, end = object.size - 1): Promise<Buffer> {
    const pieces: Buffer[] = [];
    let offset = 0;
    for (const blob of object.blobs) {
      if (offset > end) break;
      const bytes = await this.deps.blobs.read(blob);
      const from = Math.max(start - offset, 0);
      const to = Math.min(end - offset + 1, bytes.length);
      if (to > from) pieces.push(bytes.subarray(from, to));
      offset += bytes.length;
    }
    return Buffer.concat(pieces);
  }

  /** The whole object: for Lambda's `S3Bucket`/`S3Key` and CloudFormation's `TemplateURL`. */
  async readObject(bucket: string, key: string): Promise<Buffer> {
    return this.read(await this.object(bucket, key));
  }

  /** Deleting a key that does not exist succeeds, as on S3; the bucket must exist. */
  deleteObject(bucket: string, key: string): Promise<void> {
    return this.deps.store.transact((r) => {
      bucketOf(r, bucket);
      return { changes: [{ kind: 'deleteObject', bucket, key }], result: undefined };
    });
  }

  deleteObjects(bucket: string, keys: readonly string[]): Promise<void> {
    return this.deps.store.transact((r) => {
      bucketOf(r, bucket);
      return {
        changes: keys.map((key) => ({ kind: 'deleteObject' as const, bucket, key })),
        result: undefined,
      };
    });
  }

  listObjects(bucket: string, request: ListRequest): Promise<ListPage> {
    return this.deps.store.read((r) => {
      bucketOf(r, bucket);
      return listPage(request, (after, limit) => r.objects(bucket, request.prefix, after, limit));
    });
  }

  createUpload(bucket: string, key: string, input: ObjectInput): Promise<UploadRecord> {
    const upload: UploadRecord = {
      uploadId: this.deps.random.hex(24),
      bucket,
      key,
      initiated: this.deps.clock.now(),
      contentType: input.contentType ?? 'binary/octet-stream',
      metadata: input.metadata,
    };
    return this.deps.store.transact((r) => {
      bucketOf(r, bucket);
      return { changes: [{ kind: 'putUpload', upload }], result: upload };
    });
  }

  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer) {
    await this.uploadOf(bucket, key, uploadId);
    const blob = await this.deps.blobs.put(body);
    const part: PartRecord = {
      uploadId,
      partNumber,
      blob,
      size: body.length,
      etag: `"${md5(body)}"`,
      lastModified: this.deps.clock.now(),
    };
    return this.deps.store.transact((r) => {
      if (!r.upload(uploadId)) throw noSuchUpload(uploadId);
      return { changes: [{ kind: 'putPart', part }], result: part };
    });
  }

  /** Joins the named parts, in the order given (ascending, as S3 requires), into the object. */
  complete(
    bucket: string,
    key: string,
    uploadId: string,
    chosen: readonly { partNumber: number; etag: string }[],
  ): Promise<ObjectRecord> {
    return this.deps.store.transact((r) => {
      bucketOf(r, bucket);
      const upload = r.upload(uploadId);
      if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
      const parts = new Map(r.parts(uploadId).map((p) => [p.partNumber, p]));
      const used: PartRecord[] = [];
      chosen.forEach(({ partNumber, etag }, i) => {
        const part = parts.get(partNumber);
        const bare = (s: string): string => s.replace(/"/g, '');
        if (!part || bare(part.etag) !== bare(etag))
          throw new InvalidPart(
            "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            { UploadId: uploadId, PartNumber: partNumber, ETag: etag },
          );
        if (i > 0 && partNumber <= chosen[i - 1]!.partNumber)
          throw new InvalidPartOrder(
            'The list of parts was not in ascending order. Parts must be ordered by part number.',
            {
              UploadId: uploadId,
            },
          );
        used.push(part);
      });
      const small = used.findIndex((p, i) => i < used.length - 1 && p.size < MIN_PART_BYTES);
      if (small >= 0)
        throw new EntityTooSmall('Your proposed upload is smaller than the minimum allowed size', {
          ProposedSize: used[small]!.size,
          MinSizeAllowed: MIN_PART_BYTES,
        });
      const digest = createHash('md5');
      for (const p of used) digest.update(Buffer.from(p.etag.replace(/"/g, ''), 'hex'));
      const object: ObjectRecord = {
        bucket,
        key,
        blobs: used.map((p) => p.blob),
        size: used.reduce((n, p) => n + p.size, 0),
        etag: `"${digest.digest('hex')}-${used.length}"`,
        contentType: upload.contentType,
        metadata: upload.metadata,
        lastModified: this.deps.clock.now(),
      };
      return {
        changes: [
          { kind: 'putObject', object },
          { kind: 'deleteUpload', uploadId },
        ],
        result: object,
      };
    });
  }

  abort(bucket: string, key: string, uploadId: string): Promise<void> {
    return this.deps.store.transact((r) => {
      bucketOf(r, bucket);
      const upload = r.upload(uploadId);
      if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
      return { changes: [{ kind: 'deleteUpload', uploadId }], result: undefined };
    });
  }

  /** Removes blobs nothing refers to (left by overwrites, deletes, aborts or a crash). */
  async collectGarbage(): Promise<number> {
    return this.deps.blobs.collectGarbage(await this.deps.store.read((r) => r.blobsInUse()));
  }

  private uploadOf(bucket: string, key: string, uploadId: string): Promise<UploadRecord> {
    return this.deps.store.read((r) => {
      bucketOf(r, bucket);
      const upload = r.upload(uploadId);
      if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
      return upload;
    });
  }
}
