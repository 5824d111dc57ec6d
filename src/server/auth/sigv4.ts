import { Hash } from '@smithy/hash-node';
import type { SessionIdentity } from '../iam/function-credentials.js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../../common/errors.js';

/** A request as it arrived, before anything decoded it: what SigV4 is computed over. */
export interface RawRequest {
  method: string;
  /** Path exactly as received, still percent-encoded, without the query. */
  rawPath: string;
  /** Query string exactly as received, without the `?`. */
  rawQuery: string;
  /** Header names in lowercase. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Uint8Array;
}

export interface Caller {
  accessKeyId: string;
  /** The service named in the credential scope (`lambda`, `monitoring`, `codedeploy`). */
  service: string;
  region: string;
  /** What chunked uploads chain their chunk signatures from (aws-chunked.ts). */
  signature?: string;
  amzDate?: string;
  /** Present when a function signed with its temporary credentials: whose session they are. */
  session?: SessionIdentity;
}

export interface SecretLookup {
  /** The secret for an access key (and session token, for temporary ones), or undefined if unknown. */
  secretFor(accessKeyId: string, sessionToken: string | undefined): string | undefined;
  /** The function session that temporary credentials belong to, if they are a function's. */
  sessionFor?(accessKeyId: string, sessionToken: string | undefined): SessionIdentity | undefined;
}

/** What S3 accepts in `x-amz-content-sha256` besides a hash ("Signature Calculations for the Authorization Header"). */
const S3_PAYLOAD_PLACEHOLDERS = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
]);

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})\s*$/;
const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MAX_SKEW_MS = 5 * 60 * 1000;
const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE_RE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Decodes a raw query into the key/value lists SigV4 re-encodes (AWS Signature Version 4, canonical request). */
function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const existing = query[key];
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/**
 * Verifies an AWS Signature Version 4 `Authorization` header by signing the same request again
 * with the caller's secret (Smithy's signer, as the SDKs use) and comparing the signatures.
 */
export async function verifySigV4(
  request: RawRequest,
  secrets: SecretLookup,
  /**
   * The time to check the signature's date against; several when callers read different clocks
   * (under --time-scale an SDK inside a function signs with the rehearsal's time). The first
   * is the one errors name.
   */
  nowOrNows: number | readonly number[],
): Promise<Caller> {
  const nows = typeof nowOrNows === 'number' ? [nowOrNows] : nowOrNows;
  const now = nows[0] ?? 0;
  const authorization = request.headers['authorization'];
  if (!authorization) throw new MissingAuthenticationTokenException('Missing Authentication Token');
  const m = AUTH_RE.exec(authorization.trim());
  if (!m) {
    throw new IncompleteSignatureException(
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of the AWS4-HMAC-SHA256 scheme. Authorization=${authorization}`,
    );
  }
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const dateHeader = request.headers['x-amz-date'];
  const signedAt = dateHeader === undefined ? undefined : parseAmzDate(dateHeader);
  if (dateHeader === undefined || signedAt === undefined) {
    throw new IncompleteSignatureException(
      'Authorization header requires existence of a valid X-Amz-Date header.',
    );
  }
  const current = nows.some((n) => signedAt >= n - MAX_SKEW_MS && signedAt <= n + MAX_SKEW_MS);
  if (!current && signedAt < now - MAX_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature expired: ${dateHeader} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 5 min.)`,
    );
  }
  if (!current && signedAt > now + MAX_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature not yet current: ${dateHeader} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 5 min.)`,
    );
  }
  if (scopeDate !== dateHeader.slice(0, 8)) {
    throw new InvalidSignatureException(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${dateHeader.slice(0, 8)}', from '${dateHeader}'.`,
    );
  }
  const secretAccessKey = secrets.secretFor(accessKeyId, request.headers['x-amz-security-token']);
  if (secretAccessKey === undefined) {
    throw new UnrecognizedClientException('The security token included in the request is invalid.');
  }
  const signedHeaders = signedHeaderList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw new InvalidSignatureException(BAD_SIGNATURE);
    headers[name] = value;
  }
  // The signature covers the declared hash; make sure the body is the one that was hashed.
  const declared = request.headers['x-amz-content-sha256'];
  if (declared !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(declared)) {
      // UNSIGNED-PAYLOAD (and the streaming forms) are Amazon S3's options only; every other
      // service hashes the body itself, so a signature over a declared placeholder cannot match.
      // S3 checks a streamed body's chunk signatures as it decodes it (aws-chunked.ts).
      if (service !== 's3' || !S3_PAYLOAD_PLACEHOLDERS.has(declared))
        throw new InvalidSignatureException(BAD_SIGNATURE);
    } else if (createHash('sha256').update(request.body).digest('hex') !== declared) {
      throw new InvalidSignatureException(
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
  }
  const sessionToken = request.headers['x-amz-security-token'];
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    // S3 signs the path as sent; every other service signs it encoded once more (SigV4 docs).
    uriEscapePath: service !== 's3',
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers['host'] ?? '',
      path: request.rawPath,
      query: parseQuery(request.rawQuery),
      headers,
      body: request.body,
    },
    { signingDate: new Date(signedAt), signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization']))?.[1] ?? '';
  if (
    expected.length !== signature.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  ) {
    throw new InvalidSignatureException(BAD_SIGNATURE);
  }
  const session = secrets.sessionFor?.(accessKeyId, sessionToken);
  return { accessKeyId, service, region, signature, amzDate: dateHeader, ...(session ? { session } : {}) };
}
