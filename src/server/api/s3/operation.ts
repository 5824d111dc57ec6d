import type { OperationCall } from '../../iam/authorization/index.js';
import type { ApiRequest } from '../endpoint.js';
import { s3Address } from './addressing.js';
import { many, parseXmlBody } from './wire.js';

type Request = Omit<ApiRequest, 'caller' | 'requestId'>;

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
 * The S3 operation a request asks for, by the same method, path and query the router reads, so
 * that a function's call can be authorized before it is carried out. Undefined for what the
 * router refuses anyway.
 */
export function s3Operation(request: Request): OperationCall | undefined {
  const { bucket, key } = s3Address(request.headers['host'], request.rawPath);
  const query = new URLSearchParams(request.rawQuery);
  const call = (operation: string, keys: readonly string[] = key === undefined ? [] : [key]) =>
    ({ service: 's3', operation, bucket, keys }) as const;
  if (bucket === undefined) return request.method === 'GET' ? call('ListBuckets') : undefined;
  if (key === undefined) {
    if (query.has('policy'))
      switch (request.method) {
        case 'PUT':
          return call('PutBucketPolicy');
        case 'GET':
          return call('GetBucketPolicy');
        case 'DELETE':
          return call('DeleteBucketPolicy');
        default:
          return undefined;
      }
    switch (request.method) {
      case 'PUT':
        return call('CreateBucket');
      case 'HEAD':
        return call('HeadBucket');
      case 'DELETE':
        return call('DeleteBucket');
      case 'GET':
        return call(query.has('location') ? 'GetBucketLocation' : 'ListObjectsV2');
      case 'POST':
        return query.has('delete') ? call('DeleteObjects', deletedKeys(request)) : undefined;
      default:
        return undefined;
    }
  }
  const upload = query.has('uploadId');
  switch (request.method) {
    case 'GET':
      return call('GetObject');
    case 'HEAD':
      return call('HeadObject');
    case 'PUT':
      return call(upload ? 'UploadPart' : 'PutObject');
    case 'POST':
      if (query.has('uploads')) return call('CreateMultipartUpload');
      return upload ? call('CompleteMultipartUpload') : undefined;
    case 'DELETE':
      return call(upload ? 'AbortMultipartUpload' : 'DeleteObject');
    default:
      return undefined;
  }
}
