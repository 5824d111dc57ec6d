import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../../common/errors.js';
import { secretLookup } from './credentials.js';
import { verifySigV4, type RawRequest } from './sigv4.js';

const creds = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret/key+1' };
const secrets = secretLookup(creds);
const now = Date.UTC(2026, 10, 23, 12, 0, 0);

/** Signs like a client: the path as sent on the wire (percent-encoded once). */
async function signed(
  options: {
    path?: string;
    query?: Record<string, string>;
    body?: string;
    contentSha?: boolean | string;
    at?: number;
    secret?: string;
    service?: string;
  } = {},
): Promise<RawRequest> {
  const body = options.body ?? '';
  const path =
    options.path ??
    '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af%3Alive/invocations';
  const headers: Record<string, string> = { host: '127.0.0.1:9000', 'content-type': 'application/json' };
  if (options.contentSha) {
    headers['x-amz-content-sha256'] =
      typeof options.contentSha === 'string'
        ? options.contentSha
        : createHash('sha256').update(body).digest('hex');
  }
  const signer = new SignatureV4({
    credentials: { ...creds, secretAccessKey: options.secret ?? creds.secretAccessKey },
    region: 'us-east-1',
    service: options.service ?? 'lambda',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 9000,
      path,
      query: options.query ?? {},
      headers,
      body,
    },
    { signingDate: new Date(options.at ?? now) },
  );
  const rawQuery = Object.entries(options.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const lower = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: 'POST', rawPath: path, rawQuery, headers: lower, body: Buffer.from(body) };
}

async function rejection(request: RawRequest, at = now): Promise<Error> {
  return verifySigV4(request, secrets, at).then(
    () => {
      throw new Error('expected rejection');
    },
    (e: unknown) => e as Error,
  );
}

describe('verifySigV4', () => {
  it('accepts a request whose path was percent-encoded (verified against the double-encoded form)', async () => {
    const caller = await verifySigV4(await signed({ query: { Qualifier: 'live' } }), secrets, now);
    expect(caller).toEqual({
      accessKeyId: 'AKIDTEST',
      service: 'lambda',
      region: 'us-east-1',
      // What an aws-chunked body's chunk signatures chain from.
      signature: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      amzDate: '20261123T120000Z',
    });
  });

  it('hashes the body itself when x-amz-content-sha256 is absent (botocore) and trusts it when present (JS SDK)', async () => {
    await expect(verifySigV4(await signed({ body: '{"a":1}' }), secrets, now)).resolves.toBeDefined();
    await expect(
      verifySigV4(await signed({ body: '{"a":1}', contentSha: true }), secrets, now),
    ).resolves.toBeDefined();
  });

  it('rejects a tampered body, path or query', async () => {
    const request = await signed({ body: '{"a":1}' });
    expect(await rejection({ ...request, body: Buffer.from('{"a":2}') })).toBeInstanceOf(
      InvalidSignatureException,
    );
    expect(await rejection({ ...request, rawPath: request.rawPath.replace('live', 'prod') })).toBeInstanceOf(
      InvalidSignatureException,
    );
    expect(await rejection({ ...request, rawQuery: 'Qualifier=x' })).toBeInstanceOf(
      InvalidSignatureException,
    );
    const jsStyle = await signed({ body: '{"a":1}', contentSha: true });
    expect((await rejection({ ...jsStyle, body: Buffer.from('{"a":2}') })).message).toBe(
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  });

  it('refuses UNSIGNED-PAYLOAD, as services other than S3 do: a changed body never passes', async () => {
    for (const placeholder of ['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER']) {
      const request = await signed({ body: '{"a":1}', contentSha: placeholder });
      const untouched = await rejection(request);
      expect(untouched).toBeInstanceOf(InvalidSignatureException);
      expect(untouched.message).toMatch(/^The request signature we calculated does not match/);
      expect(await rejection({ ...request, body: Buffer.from('{"a":2}') })).toBeInstanceOf(
        InvalidSignatureException,
      );
    }
  });

  it("accepts S3's payload placeholders for S3 only (chunk signatures are checked as the body is read)", async () => {
    for (const placeholder of ['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD']) {
      const request = await signed({ path: '/art/k', body: 'x', contentSha: placeholder, service: 's3' });
      expect((await verifySigV4(request, secrets, now)).service).toBe('s3');
    }
    const made = await signed({ path: '/art/k', body: 'x', contentSha: 'NOT-A-PLACEHOLDER', service: 's3' });
    expect(await rejection(made)).toBeInstanceOf(InvalidSignatureException);
  });

  it('rejects the wrong secret with the AWS message', async () => {
    const error = await rejection(await signed({ secret: 'wrong' }));
    expect(error).toBeInstanceOf(InvalidSignatureException);
    expect(error.message).toMatch(/^The request signature we calculated does not match/);
  });

  it('rejects signatures outside the 5-minute window, in AWS words', async () => {
    const old = await signed({ at: now - 6 * 60 * 1000 });
    expect((await rejection(old)).message).toBe(
      'Signature expired: 20261123T115400Z is now earlier than 20261123T115500Z (20261123T120000Z - 5 min.)',
    );
    const future = await signed({ at: now + 6 * 60 * 1000 });
    expect(await rejection(future)).toBeInstanceOf(InvalidSignatureException);
  });

  it("under --time-scale, accepts a signature dated by the functions' clock too", async () => {
    const rehearsal = now + 3 * 3600 * 1000;
    const fromFunction = await signed({ at: rehearsal + 1000 });
    await expect(verifySigV4(fromFunction, secrets, [now, rehearsal])).resolves.toMatchObject({
      accessKeyId: 'AKIDTEST',
    });
    await expect(verifySigV4(fromFunction, secrets, now)).rejects.toThrow(/^Signature not yet current/);
    const neither = await signed({ at: now + 3600 * 1000 });
    await expect(verifySigV4(neither, secrets, [now, rehearsal])).rejects.toThrow(
      /^Signature not yet current: .* \(20261123T120000Z \+ 5 min\.\)$/,
    );
  });

  it('rejects unknown keys and unsigned requests', async () => {
    const request = await signed();
    const otherKey = {
      ...request,
      headers: {
        ...request.headers,
        authorization: request.headers['authorization']!.replace('AKIDTEST', 'AKIDOTHER'),
      },
    };
    expect(await rejection(otherKey)).toBeInstanceOf(UnrecognizedClientException);
    const { authorization: _, ...unsigned } = request.headers;
    expect(await rejection({ ...request, headers: unsigned })).toBeInstanceOf(
      MissingAuthenticationTokenException,
    );
  });
});
