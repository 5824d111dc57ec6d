import type { SecretLookup } from '../../auth/sigv4.js';
import { decodeAwsChunked, isChunkedPayload } from '../../auth/aws-chunked.js';
import type { ApiRequest } from '../endpoint.js';
import { createHash } from 'node:crypto';
import { BadDigest, IncompleteBody } from '../../s3/errors.js';

/**
 * The bytes an upload carries: the body as sent, or decoded from aws-chunked (what the CLIs and
 * SDKs stream with `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` or the `-TRAILER` forms), its chunk
 * signatures checked against the request's when they are signed.
 */
export function payloadOf(request: ApiRequest, secrets: SecretLookup | undefined): Buffer {
  const body = decoded(request, secrets);
  const md5 = request.headers['content-md5'];
  if (md5 !== undefined && createHash('md5').update(body).digest('base64') !== md5)
    throw new BadDigest('The Content-MD5 you specified did not match what we received.');
  return body;
}

function decoded(request: ApiRequest, secrets: SecretLookup | undefined): Buffer {
  const declared = request.headers['x-amz-content-sha256'];
  const encoding = request.headers['content-encoding'] ?? '';
  if (!isChunkedPayload(declared) && !encoding.includes('aws-chunked')) return request.body;
  const caller = request.caller;
  const signed = declared?.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD') ?? false;
  const secret =
    caller && secrets
      ? secrets.secretFor(caller.accessKeyId, request.headers['x-amz-security-token'])
      : undefined;
  const signing =
    signed && caller && secret && caller.signature && caller.amzDate
      ? {
          secretAccessKey: secret,
          amzDate: caller.amzDate,
          scope: `${caller.amzDate.slice(0, 8)}/${caller.region}/${caller.service}/aws4_request`,
          seedSignature: caller.signature,
        }
      : undefined;
  const { body } = decodeAwsChunked(request.body, signing);
  const expected = request.headers['x-amz-decoded-content-length'];
  if (expected !== undefined && Number(expected) !== body.length)
    throw new IncompleteBody(
      'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    );
  return body;
}

/** `x-amz-meta-*` headers, without the prefix. */
export function metadataOf(headers: ApiRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (name.startsWith('x-amz-meta-') && value !== undefined) out[name.slice('x-amz-meta-'.length)] = value;
  return out;
}
