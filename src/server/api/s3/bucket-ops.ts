import type { Buckets } from '../../s3/buckets.js';
import { maxKeysOf } from '../../s3/rules.js';
import type { ObjectRecord } from '../../s3/model.js';
import { InvalidArgument } from '../../s3/errors.js';
import type { WireResponse } from '../protocols/rest-json.js';
import { isoDate, xml } from './wire.js';

export const OWNER = {
  ID: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a',
  DisplayName: 'gradual',
};

export async function listBuckets(buckets: Buckets): Promise<WireResponse> {
  const all = await buckets.list();
  return xml('ListAllMyBucketsResult', {
    Owner: OWNER,
    Buckets: all.length
      ? { Bucket: all.map((b) => ({ Name: b.name, CreationDate: isoDate(b.creationDate) })) }
      : '',
  });
}

/** `encoding-type=url`: keys and prefixes URL-encoded (the AWS CLI always asks for it). */
function encoder(query: URLSearchParams): (s: string) => string {
  const type = query.get('encoding-type');
  if (type !== null && type !== 'url')
    throw new InvalidArgument('Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: type,
    });
  return type === 'url' ? (s) => encodeURIComponent(s).replace(/%2F/g, '/') : (s) => s;
}

const token = (cursor: string): string => Buffer.from(cursor, 'utf8').toString('base64');
function untoken(value: string): string {
  const text = Buffer.from(value, 'base64').toString('utf8');
  if (token(text) !== value)
    throw new InvalidArgument('The continuation token provided is incorrect', {
      ArgumentName: 'continuation-token',
    });
  return text;
}

function contents(objects: ObjectRecord[], enc: (s: string) => string): Record<string, unknown>[] {
  return objects.map((o) => ({
    Key: enc(o.key),
    LastModified: isoDate(o.lastModified),
    ETag: o.etag,
    Size: o.size,
    StorageClass: 'STANDARD',
  }));
}

/** ListObjectsV2 (`list-type=2`) and the original ListObjects, over the same page of keys. */
export async function listObjects(
  buckets: Buckets,
  bucket: string,
  query: URLSearchParams,
): Promise<WireResponse> {
  const enc = encoder(query);
  const v2 = query.get('list-type') === '2';
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeys = maxKeysOf(query.get('max-keys'));
  const continuation = query.get('continuation-token');
  const startAfter = v2 ? (query.get('start-after') ?? '') : (query.get('marker') ?? '');
  const after = continuation !== null ? untoken(continuation) : startAfter;
  const page = await buckets.listObjects(bucket, { prefix, delimiter, after, maxKeys });
  const body: Record<string, unknown> = {
    Name: bucket,
    Prefix: enc(prefix),
    ...(v2 ? {} : { Marker: enc(startAfter) }),
    ...(v2 ? { KeyCount: page.contents.length + page.commonPrefixes.length } : {}),
    MaxKeys: maxKeys,
    ...(delimiter ? { Delimiter: enc(delimiter) } : {}),
    IsTruncated: page.truncated,
    ...(query.get('encoding-type') ? { EncodingType: 'url' } : {}),
  };
  if (v2 && continuation !== null) body['ContinuationToken'] = continuation;
  if (v2 && startAfter) body['StartAfter'] = enc(startAfter);
  if (page.truncated && page.next !== undefined) {
    if (v2) body['NextContinuationToken'] = token(page.next);
    else if (delimiter) body['NextMarker'] = enc(page.next);
  }
  if (page.contents.length) body['Contents'] = contents(page.contents, enc);
  if (page.commonPrefixes.length)
    body['CommonPrefixes'] = page.commonPrefixes.map((p) => ({ Prefix: enc(p) }));
  return xml('ListBucketResult', body);
}

export async function bucketLocation(buckets: Buckets, bucket: string): Promise<WireResponse> {
  const b = await buckets.head(bucket);
  // us-east-1 is written as an empty constraint, as S3 does.
  return xml('LocationConstraint', { '#text': b.region === 'us-east-1' ? '' : b.region });
}

/** PutBucketPolicy / GetBucketPolicy / DeleteBucketPolicy (`?policy`): kept, not enforced. */
export async function bucketPolicy(
  buckets: Buckets,
  bucket: string,
  method: string,
  body: Buffer,
): Promise<WireResponse> {
  switch (method) {
    case 'PUT':
      await buckets.putPolicy(bucket, body.toString('utf8'));
      return { status: 204, headers: {}, body: undefined };
    case 'GET':
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(await buckets.policy(bucket), 'utf8'),
      };
    case 'DELETE':
      await buckets.deletePolicy(bucket);
      return { status: 204, headers: {}, body: undefined };
    default:
      throw new InvalidArgument(`${method} is not a bucket policy operation`);
  }
}
