import type { ServiceError } from '../../../common/errors.js';
import type { SecretLookup } from '../../auth/sigv4.js';
import type { Buckets } from '../../s3/buckets.js';
import { NotImplemented } from '../../s3/errors.js';
import type { ApiRequest, RpcEndpoint } from '../endpoint.js';
import type { WireResponse } from '../protocols/rest-json.js';
import { s3Address } from './addressing.js';
import { s3Operation } from './operation.js';
import { bucketLocation, bucketPolicy, listBuckets, listObjects } from './bucket-ops.js';
import {
  completeUpload,
  createUpload,
  deleteObjects,
  getObject,
  putObject,
  uploadPart,
} from './object-ops.js';
import { parseXmlBody, s3Error } from './wire.js';

export interface S3ApiDeps {
  buckets: Buckets;
  /** To check the signatures of aws-chunked uploads; undefined when authentication is off. */
  secrets: SecretLookup | undefined;
}

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

function notImplemented(what: string): NotImplemented {
  return new NotImplemented(
    `A header or query you provided requested a function that is not implemented: ${what} (gradual's S3 keeps buckets and objects only).`,
  );
}

/** The scope of an `Authorization` header names the service: S3's is `s3`. */
function signedForS3(request: Omit<ApiRequest, 'caller' | 'requestId'>): boolean {
  const auth = request.headers['authorization'] ?? '';
  return /Credential=[^/]+\/\d{8}\/[^/]+\/s3\/aws4_request/.test(auth);
}

async function route(deps: S3ApiDeps, request: ApiRequest): Promise<WireResponse> {
  const { bucket, key } = s3Address(request.headers['host'], request.rawPath);
  const query = new URLSearchParams(request.rawQuery);
  const method = request.method;
  const sub = UNSUPPORTED.find((name) => query.has(name)) ?? unknownSubresource(query);
  if (sub !== undefined) throw notImplemented(`?${sub}`);
  if (bucket === undefined) {
    if (method === 'GET') return listBuckets(deps.buckets);
    throw notImplemented(`${method} /`);
  }
  const { buckets } = deps;
  if (key === undefined && query.has('policy')) return bucketPolicy(buckets, bucket, method, request.body);
  if (key === undefined) {
    switch (method) {
      case 'PUT': {
        let region: string | undefined;
        if (request.body.length > 0) {
          const doc = parseXmlBody(request.body)['CreateBucketConfiguration'] as
            Record<string, unknown> | undefined;
          const constraint = doc?.['LocationConstraint'];
          if (typeof constraint === 'string' && constraint !== '') region = constraint;
        }
        await buckets.create(bucket, region);
        return { status: 200, headers: { location: `/${bucket}` }, body: undefined };
      }
      case 'HEAD': {
        const b = await buckets.head(bucket);
        return { status: 200, headers: { 'x-amz-bucket-region': b.region }, body: undefined };
      }
      case 'DELETE':
        await buckets.delete(bucket);
        return { status: 204, headers: {}, body: undefined };
      case 'GET':
        if (query.has('uploads')) throw notImplemented('?uploads');
        if (query.has('location')) return bucketLocation(buckets, bucket);
        return listObjects(buckets, bucket, query);
      case 'POST':
        if (query.has('delete')) return deleteObjects(deps, bucket, request);
        break;
    }
    throw notImplemented(`${method} on a bucket`);
  }
  const uploadId = query.get('uploadId');
  switch (method) {
    case 'GET':
    case 'HEAD':
      return getObject(buckets, bucket, key, request, method === 'HEAD');
    case 'PUT':
      return uploadId !== null
        ? uploadPart(deps, bucket, key, query, request)
        : putObject(deps, bucket, key, request);
    case 'POST':
      if (query.has('uploads')) return createUpload(deps, bucket, key, request);
      if (uploadId !== null) return completeUpload(deps, bucket, key, uploadId, request);
      break;
    case 'DELETE':
      if (uploadId !== null) await buckets.abort(bucket, key, uploadId);
      else await buckets.deleteObject(bucket, key);
      return { status: 204, headers: {}, body: undefined };
  }
  throw notImplemented(`${method} on an object`);
}

/**
 * S3 on the shared port, REST-XML (Amazon S3 API Reference): recognised by its signing scope,
 * answering every path and method (path-style `/<bucket>/<key>`, or the bucket in the Host).
 */
export function s3Endpoint(deps: S3ApiDeps): RpcEndpoint {
  return {
    signingName: 's3',
    everyPath: true,
    matches: signedForS3,
    operation: s3Operation,
    handle: (request) => route(deps, request),
    writeError: (error: ServiceError, request) => s3Error(error, request.requestId, request.method),
  };
}
