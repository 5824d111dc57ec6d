import type { OperationCall } from '../../iam/authorization/index.js';
import type { ApiRequest } from '../endpoint.js';
import { s3Address } from './addressing.js';
import { many, parseXmlBody } from './wire.js';

type Request = Omit<ApiRequest, 'caller' | 'requestId'>;

/**
 * S3's REST-XML operations (Amazon S3 API Reference), each named by a method, a path (the bucket
 * in the path or the Host, then the key) and a subresource in the query. One classification serves
 * the router and the authorization of a function's calls.
 */
export type S3Operation =
  | { scope: 'service'; name: 'ListBuckets' }
  | {
      scope: 'bucket';
      name:
        | 'CreateBucket'
        | 'HeadBucket'
        | 'DeleteBucket'
        | 'GetBucketLocation'
        | 'ListObjectsV2'
        | 'DeleteObjects'
        | 'PutBucketPolicy'
        | 'GetBucketPolicy'
        | 'DeleteBucketPolicy';
      bucket: string;
    }
  | {
      scope: 'object';
      name:
        | 'GetObject'
        | 'HeadObject'
        | 'PutObject'
        | 'UploadPart'
        | 'CreateMultipartUpload'
        | 'CompleteMultipartUpload'
        | 'AbortMultipartUpload'
        | 'DeleteObject';
      bucket: string;
      key: string;
    }
  /** What gradual's S3 does not serve, said in NotImplemented's message. */
  | { scope: 'refused'; what: string };

/** Subresources gradual does not keep, refused by name rather than answered wrongly. */
const UNSUPPORTED = [
  'acl',
  'versioning',
  'tagging',
  'cors',
  'lifecycle',
  'website',
  'encryption',
  'replication',
  'notification',
  'versions',
  'object-lock',
  'ownershipControls',
  'publicAccessBlock',
  'logging',
  'accelerate',
  'requestPayment',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'attributes',
  'restore',
  'select',
  'retention',
  'legal-hold',
  'torrent',
];

/** The subresources gradual's S3 answers, and the options S3's operations take (an empty prefix is one). */
const SERVED_QUERY_NAMES = new Set([
  'location',
  'policy',
  'delete',
  'uploads',
  'list-type',
  'prefix',
  'delimiter',
  'marker',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'key-marker',
  'upload-id-marker',
  'max-uploads',
  'max-parts',
  'part-number-marker',
  'max-buckets',
  'bucket-region',
  'uploadId',
  'partNumber',
  'versionId',
  'x-id',
]);

/**
 * A subresource gradual does not serve: a query name with no value (`?metadataConfiguration`,
 * which the SDKs send as `metadataConfiguration=`) that is none of the above. S3 keeps adding them;
 * without this, `DELETE /bucket?metadataConfiguration` would be taken for DeleteBucket.
 */
function unknownSubresource(query: URLSearchParams): string | undefined {
  for (const [name, value] of query) {
    if (value === '' && !SERVED_QUERY_NAMES.has(name) && !name.startsWith('response-')) return name;
  }
  return undefined;
}

/** The operation a request asks for. */
export function classify(request: Request): S3Operation {
  const { bucket, key } = s3Address(request.headers['host'], request.rawPath);
  const query = new URLSearchParams(request.rawQuery);
  const method = request.method;
  const refused = (what: string) => ({ scope: 'refused', what }) as const;
  const sub = UNSUPPORTED.find((name) => query.has(name)) ?? unknownSubresource(query);
  if (sub !== undefined) return refused(`?${sub}`);
  if (bucket === undefined)
    return method === 'GET' ? { scope: 'service', name: 'ListBuckets' } : refused(`${method} /`);
  if (key === undefined) {
    const on = (name: Extract<S3Operation, { scope: 'bucket' }>['name']) =>
      ({ scope: 'bucket', name, bucket }) as const;
    if (query.has('policy')) {
      // Kept, not enforced (bucket-policy.ts).
      if (method === 'PUT') return on('PutBucketPolicy');
      if (method === 'GET') return on('GetBucketPolicy');
      if (method === 'DELETE') return on('DeleteBucketPolicy');
      return refused(`${method} on a bucket policy`);
    }
    switch (method) {
      case 'PUT':
        return on('CreateBucket');
      case 'HEAD':
        return on('HeadBucket');
      case 'DELETE':
        return on('DeleteBucket');
      case 'GET':
        if (query.has('uploads')) return refused('?uploads');
        return on(query.has('location') ? 'GetBucketLocation' : 'ListObjectsV2');
      case 'POST':
        if (query.has('delete')) return on('DeleteObjects');
    }
    return refused(`${method} on a bucket`);
  }
  const on = (name: Extract<S3Operation, { scope: 'object' }>['name']) =>
    ({ scope: 'object', name, bucket, key }) as const;
  const upload = query.has('uploadId');
  switch (method) {
    case 'GET':
      return on('GetObject');
    case 'HEAD':
      return on('HeadObject');
    case 'PUT':
      return on(upload ? 'UploadPart' : 'PutObject');
    case 'POST':
      if (query.has('uploads')) return on('CreateMultipartUpload');
      if (upload) return on('CompleteMultipartUpload');
      break;
    case 'DELETE':
      return on(upload ? 'AbortMultipartUpload' : 'DeleteObject');
  }
  return refused(`${method} on an object`);
}

/** The keys a DeleteObjects body names; none when it is not well-formed (the handler says why). */
function deletedKeys(request: Request): string[] {
  try {
    const doc = parseXmlBody(request.body)['Delete'] as Record<string, unknown> | undefined;
    return many(doc?.['Object'])
      .map((o) => (o as Record<string, unknown>)['Key'])
      .filter((k): k is string => typeof k === 'string');
  } catch {
    return [];
  }
}

/**
 * The S3 operation a request asks for, as IAM authorizes a function's call before it is carried
 * out. Undefined for what the router refuses anyway.
 */
export function s3Operation(request: Request): OperationCall | undefined {
  const op = classify(request);
  switch (op.scope) {
    case 'refused':
      return undefined;
    case 'service':
      return { service: 's3', operation: op.name, bucket: undefined, keys: [] };
    case 'bucket':
      return {
        service: 's3',
        operation: op.name,
        bucket: op.bucket,
        keys: op.name === 'DeleteObjects' ? deletedKeys(request) : [],
      };
    case 'object':
      return { service: 's3', operation: op.name, bucket: op.bucket, keys: [op.key] };
  }
}
