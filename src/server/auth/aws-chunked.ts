import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { IncompleteSignatureException, InvalidSignatureException } from '../../common/errors.js';

/**
 * The `aws-chunked` content encoding S3 clients stream uploads in (Amazon S3 API Reference,
 * "Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks"):
 * `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n`, ..., a zero-size chunk, then trailing
 * headers (`x-amz-checksum-crc32:...`) and an empty line.
 */
export interface DecodedChunks {
  body: Buffer;
  trailers: Record<string, string>;
}

/** What the chunk signatures are chained from: the request's own signature and its scope. */
export interface ChunkSigning {
  secretAccessKey: string;
  /** `x-amz-date` of the request. */
  amzDate: string;
  /** `<date>/<region>/<service>/aws4_request`. */
  scope: string;
  /** The signature of the request's Authorization header: the seed of the chain. */
  seedSignature: string;
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

function signingKey(secret: string, scope: string): Buffer {
  const [date, region, service] = scope.split('/') as [string, string, string];
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function malformed(detail: string): IncompleteSignatureException {
  return new IncompleteSignatureException(`The aws-chunked body is malformed: ${detail}.`);
}

/** Decodes the body; with `signing`, every chunk's signature must chain from the request's. */
export function decodeAwsChunked(raw: Buffer, signing: ChunkSigning | undefined): DecodedChunks {
  const key = signing ? signingKey(signing.secretAccessKey, signing.scope) : undefined;
  let previous = signing?.seedSignature ?? '';
  const pieces: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) throw malformed('a chunk header has no end');
    const header = raw.subarray(at, eol).toString('latin1');
    const [sizeText, ...extensions] = header.split(';');
    const size = parseInt(sizeText ?? '', 16);
    if (!/^[0-9a-fA-F]+$/.test(sizeText ?? '') || !Number.isSafeInteger(size))
      throw malformed(`bad chunk size ${JSON.stringify(sizeText)}`);
    const data = raw.subarray(eol + 2, eol + 2 + size);
    if (data.length !== size) throw malformed('a chunk is shorter than its size');
    if (signing && key) {
      const given = extensions
        .find((e) => e.startsWith('chunk-signature='))
        ?.slice('chunk-signature='.length);
      const expected = hmac(
        key,
        [
          'AWS4-HMAC-SHA256-PAYLOAD',
          signing.amzDate,
          signing.scope,
          previous,
          EMPTY_SHA256,
          sha256(data),
        ].join('\n'),
      ).toString('hex');
      if (
        !given ||
        given.length !== expected.length ||
        !timingSafeEqual(Buffer.from(given), Buffer.from(expected))
      )
        throw new InvalidSignatureException(
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        );
      previous = expected;
    }
    at = eol + 2 + size;
    if (size === 0) break;
    pieces.push(data);
    if (raw.subarray(at, at + 2).toString('latin1') !== '\r\n')
      throw malformed('a chunk does not end in CRLF');
    at += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of raw.subarray(at).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(pieces), trailers };
}

/** The payload modes S3 clients declare in `x-amz-content-sha256` for aws-chunked bodies. */
export function isChunkedPayload(declared: string | undefined): boolean {
  return declared !== undefined && declared.startsWith('STREAMING-');
}
