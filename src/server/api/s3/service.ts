import type { ServiceError } from '../../../common/errors.js';
import { NotImplemented } from '../../s3/errors.js';
import type { ApiRequest, RpcEndpoint } from '../endpoint.js';
import type { WireResponse } from '../protocols/rest-json.js';
import type { S3ApiDeps } from './deps.js';
import { bucketLocation, bucketPolicy, listBuckets, listObjects } from './bucket-ops.js';
import {
  completeUpload,
  createUpload,
  deleteObjects,
  getObject,
  putObject,
  uploadPart,
} from './object-ops.js';
import { classify, s3Operation, type S3Operation } from './operation.js';
import { parseXmlBody, s3Error } from './wire.js';

interface Call<Op> {
  op: Op;
  deps: S3ApiDeps;
  request: ApiRequest;
  query: URLSearchParams;
}
type Handlers<Op extends { name: string }> = {
  [N in Op['name']]: (call: Call<Op>) => Promise<WireResponse>;
};
type BucketOperation = Extract<S3Operation, { scope: 'bucket' }>;
type ObjectOperation = Extract<S3Operation, { scope: 'object' }>;

const NO_CONTENT: WireResponse = { status: 204, headers: {}, body: undefined };

const BUCKET_HANDLERS: Handlers<BucketOperation> = {
  async CreateBucket({ op, deps, request }) {
    let region: string | undefined;
    if (request.body.length > 0) {
      const doc = parseXmlBody(request.body)['CreateBucketConfiguration'] as
        Record<string, unknown> | undefined;
      const constraint = doc?.['LocationConstraint'];
      if (typeof constraint === 'string' && constraint !== '') region = constraint;
    }
    await deps.buckets.create(op.bucket, region);
    return { status: 200, headers: { location: `/${op.bucket}` }, body: undefined };
  },
  async HeadBucket({ op, deps }) {
    const b = await deps.buckets.head(op.bucket);
    return { status: 200, headers: { 'x-amz-bucket-region': b.region }, body: undefined };
  },
  async DeleteBucket({ op, deps }) {
    await deps.buckets.delete(op.bucket);
    return NO_CONTENT;
  },
  GetBucketLocation: ({ op, deps }) => bucketLocation(deps.buckets, op.bucket),
  ListObjectsV2: ({ op, deps, query }) => listObjects(deps.buckets, op.bucket, query),
  DeleteObjects: ({ op, deps, request }) => deleteObjects(deps, op.bucket, request),
  PutBucketPolicy: ({ op, deps, request }) => bucketPolicy(deps.buckets, op.bucket, 'PUT', request.body),
  GetBucketPolicy: ({ op, deps, request }) => bucketPolicy(deps.buckets, op.bucket, 'GET', request.body),
  DeleteBucketPolicy: ({ op, deps, request }) =>
    bucketPolicy(deps.buckets, op.bucket, 'DELETE', request.body),
};

const OBJECT_HANDLERS: Handlers<ObjectOperation> = {
  GetObject: ({ op, deps, request }) => getObject(deps.buckets, op.bucket, op.key, request, false),
  HeadObject: ({ op, deps, request }) => getObject(deps.buckets, op.bucket, op.key, request, true),
  PutObject: ({ op, deps, request }) => putObject(deps, op.bucket, op.key, request),
  UploadPart: ({ op, deps, request, query }) => uploadPart(deps, op.bucket, op.key, query, request),
  CreateMultipartUpload: ({ op, deps, request }) => createUpload(deps, op.bucket, op.key, request),
  CompleteMultipartUpload: ({ op, deps, request, query }) =>
    completeUpload(deps, op.bucket, op.key, query.get('uploadId') ?? '', request),
  async AbortMultipartUpload({ op, deps, query }) {
    await deps.buckets.abort(op.bucket, op.key, query.get('uploadId') ?? '');
    return NO_CONTENT;
  },
  async DeleteObject({ op, deps }) {
    await deps.buckets.deleteObject(op.bucket, op.key);
    return NO_CONTENT;
  },
};

function route(deps: S3ApiDeps, request: ApiRequest): Promise<WireResponse> {
  const op = classify(request);
  const query = new URLSearchParams(request.rawQuery);
  switch (op.scope) {
    case 'refused':
      throw new NotImplemented(
        `A header or query you provided requested a function that is not implemented: ${op.what} (gradual's S3 keeps buckets and objects only).`,
      );
    case 'service':
      return listBuckets(deps.buckets);
    case 'bucket':
      return BUCKET_HANDLERS[op.name]({ op, deps, request, query });
    case 'object':
      return OBJECT_HANDLERS[op.name]({ op, deps, request, query });
  }
}

/** The scope of an `Authorization` header names the service: S3's is `s3`. */
function signedForS3(request: Omit<ApiRequest, 'caller' | 'requestId'>): boolean {
  const auth = request.headers['authorization'] ?? '';
  return /Credential=[^/]+\/\d{8}\/[^/]+\/s3\/aws4_request/.test(auth);
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
    handle: async (request) => route(deps, request),
    writeError: (error: ServiceError, request) => s3Error(error, request.requestId, request.method),
  };
}
