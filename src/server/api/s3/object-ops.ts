import type { Buckets } from '../../s3/buckets.js';
import { InvalidArgument, MalformedXML } from '../../s3/errors.js';
import type { ObjectRecord } from '../../s3/model.js';
import { parseRange } from '../../s3/rules.js';
import type { ApiRequest } from '../endpoint.js';
import type { WireResponse } from '../protocols/rest-json.js';
import { metadataOf, payloadOf } from './payload.js';
import type { S3ApiDeps } from './deps.js';
import { httpDate, isoDate, many, parseXmlBody, xml } from './wire.js';

function objectHeaders(o: ObjectRecord): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': o.contentType,
    etag: o.etag,
    'last-modified': httpDate(o.lastModified),
    'accept-ranges': 'bytes',
  };
  for (const [k, v] of Object.entries(o.metadata)) headers[`x-amz-meta-${k}`] = v;
  return headers;
}

export async function getObject(
  buckets: Buckets,
  bucket: string,
  key: string,
  request: ApiRequest,
  head: boolean,
): Promise<WireResponse> {
  const object = await buckets.object(bucket, key);
  const headers = objectHeaders(object);
  const range = parseRange(request.headers['range'], object.size);
  if (head) {
    return { status: 200, headers: { ...headers, 'content-length': String(object.size) }, body: undefined };
  }
  if (!range) {
    const body = await buckets.read(object);
    return { status: 200, headers: { ...headers, 'content-length': String(body.length) }, body };
  }
  const body = await buckets.read(object, range.start, range.end);
  headers['content-range'] = `bytes ${range.start}-${range.end}/${object.size}`;
  headers['content-length'] = String(body.length);
  return { status: 206, headers, body };
}

export async function putObject(
  deps: S3ApiDeps,
  bucket: string,
  key: string,
  request: ApiRequest,
): Promise<WireResponse> {
  const copySource = request.headers['x-amz-copy-source'];
  const input = { contentType: request.headers['content-type'], metadata: metadataOf(request.headers) };
  if (copySource !== undefined) {
    const source = decodeURIComponent(copySource.replace(/^\//, '').split('?')[0] ?? '');
    const slash = source.indexOf('/');
    if (slash <= 0)
      throw new InvalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
    const replace = request.headers['x-amz-metadata-directive'] === 'REPLACE';
    const copied = await deps.buckets.copy(
      { bucket: source.slice(0, slash), key: source.slice(slash + 1) },
      { bucket, key },
      replace ? input : undefined,
    );
    return xml('CopyObjectResult', { LastModified: isoDate(copied.lastModified), ETag: copied.etag });
  }
  const object = await deps.buckets.put(bucket, key, payloadOf(request, deps.secrets), input);
  return { status: 200, headers: { etag: object.etag }, body: undefined };
}

export async function createUpload(deps: S3ApiDeps, bucket: string, key: string, request: ApiRequest) {
  const upload = await deps.buckets.createUpload(bucket, key, {
    contentType: request.headers['content-type'],
    metadata: metadataOf(request.headers),
  });
  return xml('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: upload.uploadId });
}

export async function uploadPart(
  deps: S3ApiDeps,
  bucket: string,
  key: string,
  query: URLSearchParams,
  request: ApiRequest,
): Promise<WireResponse> {
  const partNumber = Number(query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000)
    throw new InvalidArgument('Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: query.get('partNumber') ?? '',
    });
  const part = await deps.buckets.uploadPart(
    bucket,
    key,
    query.get('uploadId') ?? '',
    partNumber,
    payloadOf(request, deps.secrets),
  );
  return { status: 200, headers: { etag: part.etag }, body: undefined };
}

export async function completeUpload(
  deps: S3ApiDeps,
  bucket: string,
  key: string,
  uploadId: string,
  request: ApiRequest,
): Promise<WireResponse> {
  const doc = parseXmlBody(request.body)['CompleteMultipartUpload'];
  const parts = many((doc as Record<string, unknown> | undefined)?.['Part']).map((p) => {
    const part = p as Record<string, unknown>;
    const partNumber = Number(part['PartNumber']);
    if (!Number.isInteger(partNumber) || typeof part['ETag'] !== 'string')
      throw new MalformedXML(
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    return { partNumber, etag: part['ETag'] };
  });
  if (parts.length === 0)
    throw new MalformedXML(
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  const object = await deps.buckets.complete(bucket, key, uploadId, parts);
  return xml('CompleteMultipartUploadResult', {
    Location: `/${bucket}/${encodeURIComponent(key)}`,
    Bucket: bucket,
    Key: key,
    ETag: object.etag,
  });
}

export async function deleteObjects(deps: S3ApiDeps, bucket: string, request: ApiRequest) {
  const doc = parseXmlBody(request.body)['Delete'] as Record<string, unknown> | undefined;
  const keys = many(doc?.['Object']).map((o) => {
    const key = (o as Record<string, unknown>)['Key'];
    if (typeof key !== 'string')
      throw new MalformedXML(
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    return key;
  });
  const quiet = doc?.['Quiet'] === 'true';
  await deps.buckets.deleteObjects(bucket, keys);
  return xml('DeleteResult', quiet ? {} : { Deleted: keys.map((Key) => ({ Key })) });
}
