import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketMetadataConfigurationCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let s3: S3Client;

beforeAll(async () => {
  t = await startTestServer();
  s3 = new S3Client({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    forcePathStyle: true,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  s3.destroy();
  await t.dispose();
});

const text = async (body: { transformToString(): Promise<string> } | undefined): Promise<string> =>
  (await body?.transformToString()) ?? '';

describe('S3 through the SDK v3 client', () => {
  it('buckets: create, head, location, list, not empty, delete; errors as S3 writes them', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'artifacts' }));
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'artifacts' }));
    expect(location.LocationConstraint ?? '').toBe('');
    const again = await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' })).catch((e: Error) => e);
    expect(again).toMatchObject({ name: 'BucketAlreadyOwnedByYou' });
    const bad = await s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' })).catch((e: Error) => e);
    expect(bad).toMatchObject({ name: 'InvalidBucketName' });
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toContain('artifacts');
    await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'x', Body: 'x' }));
    const notEmpty = await s3.send(new DeleteBucketCommand({ Bucket: 'artifacts' })).catch((e: Error) => e);
    expect(notEmpty).toMatchObject({
      name: 'BucketNotEmpty',
      message: 'The bucket you tried to delete is not empty',
    });
    await s3.send(new DeleteObjectsCommand({ Bucket: 'artifacts', Delete: { Objects: [{ Key: 'x' }] } }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'artifacts' }));
    const gone = await s3.send(new HeadBucketCommand({ Bucket: 'artifacts' })).catch((e: Error) => e);
    expect(gone).toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const missing = await s3
      .send(new GetObjectCommand({ Bucket: 'nowhere', Key: 'k' }))
      .catch((e: Error) => e);
    expect(missing).toMatchObject({ name: 'NoSuchBucket', message: 'The specified bucket does not exist' });
  });

  it('refuses subresources it does not serve, and never takes them for another operation', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
    // DELETE /kept?metadataConfiguration: without the refusal it would read as DeleteBucket.
    const metadata = await s3
      .send(new DeleteBucketMetadataConfigurationCommand({ Bucket: 'kept' }))
      .catch((e: Error) => e);
    expect(metadata).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    expect((metadata as Error).message).toContain('?metadataConfiguration');
    const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'kept' })).catch((e: Error) => e);
    expect(status).toMatchObject({ name: 'NotImplemented' });
    await s3.send(new HeadBucketCommand({ Bucket: 'kept' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'kept' }));
  });

  it('objects: put (plain and streamed in aws-chunked), get with ranges, head, metadata, NoSuchKey', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'objects' }));
    await s3.send(
      new PutObjectCommand({
        Bucket: 'objects',
        Key: 'dir/a b+c.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
        Metadata: { origin: 'test' },
      }),
    );
    const streamed = Buffer.alloc(200_000, 7);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'objects',
        Key: 'streamed.bin',
        Body: Readable.from([streamed.subarray(0, 70_000), streamed.subarray(70_000)]),
        ContentLength: streamed.length,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.txt' }));
    expect(await text(got.Body)).toBe('hello world');
    expect(got.ContentType).toBe('text/plain');
    expect(got.Metadata).toEqual({ origin: 'test' });
    expect(got.ETag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    const range = await s3.send(
      new GetObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.txt', Range: 'bytes=6-' }),
    );
    expect(await text(range.Body)).toBe('world');
    expect(range.ContentRange).toBe('bytes 6-10/11');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'streamed.bin' }));
    expect(head.ContentLength).toBe(streamed.length);
    const whole = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'streamed.bin' }));
    expect(Buffer.from(await whole.Body!.transformToByteArray()).equals(streamed)).toBe(true);
    const missing = await s3
      .send(new GetObjectCommand({ Bucket: 'objects', Key: 'nope' }))
      .catch((e: Error) => e);
    expect(missing).toMatchObject({ name: 'NoSuchKey', message: 'The specified key does not exist.' });
  });

  it('lists in UTF-8 order with prefixes, delimiters and continuation tokens', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = ['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key, Body: Key }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    expect(top.Contents?.map((c) => c.Key)).toEqual(['b', 'd']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'c/']);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 2, ContinuationToken: token }),
      );
      seen.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
      if (token) expect(page.IsTruncated).toBe(true);
    } while (token);
    expect(seen).toEqual(keys);
    const under = await s3.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'c/', Delimiter: '/' }),
    );
    expect(under.Contents?.map((c) => c.Key)).toEqual(['c/y']);
    expect(under.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['c/x/']);
  });

  it('multipart: parts joined in order, a multipart ETag, a too-small part refused', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'multi' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multi', Key: 'big' }));
    const first = Buffer.alloc(5 * 1024 * 1024, 1);
    const second = Buffer.from('tail');
    const p1 = await s3.send(
      new UploadPartCommand({ Bucket: 'multi', Key: 'big', UploadId, PartNumber: 1, Body: first }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket: 'multi', Key: 'big', UploadId, PartNumber: 2, Body: second }),
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'multi',
        Key: 'big',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const tail = await s3.send(
      new GetObjectCommand({ Bucket: 'multi', Key: 'big', Range: `bytes=${first.length - 2}-` }),
    );
    expect(Buffer.from(await tail.Body!.transformToByteArray())).toEqual(Buffer.from([1, 1, ...second]));
    const small = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multi', Key: 'small' }));
    const a = await s3.send(
      new UploadPartCommand({
        Bucket: 'multi',
        Key: 'small',
        UploadId: small.UploadId,
        PartNumber: 1,
        Body: 'a',
      }),
    );
    const b = await s3.send(
      new UploadPartCommand({
        Bucket: 'multi',
        Key: 'small',
        UploadId: small.UploadId,
        PartNumber: 2,
        Body: 'b',
      }),
    );
    const refused = await s3
      .send(
        new CompleteMultipartUploadCommand({
          Bucket: 'multi',
          Key: 'small',
          UploadId: small.UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: a.ETag },
              { PartNumber: 2, ETag: b.ETag },
            ],
          },
        }),
      )
      .catch((e: Error) => e);
    expect(refused).toMatchObject({ name: 'EntityTooSmall' });
  });
});
