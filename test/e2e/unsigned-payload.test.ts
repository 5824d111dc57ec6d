import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationRecord } from '../../src/server/invoke/invocation-record.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 12, attack 9: a request signed with `X-Amz-Content-SHA256: UNSIGNED-PAYLOAD` was accepted
 * with any body on the Lambda API. UNSIGNED-PAYLOAD is Amazon S3's option only; every other
 * service hashes the body itself, so such a signature never matches: refused, body changed or not.
 */
let t: TestServer;
const invocations: InvocationRecord[] = [];

beforeAll(async () => {
  t = await startTestServer({}, { invocations: { record: (r) => invocations.push(r) } });
  await createFunction(t.lambda, {
    FunctionName: 'payee',
    Handler: 'index.echo',
    zip: await nodeHandlersZip(),
  });
});
afterAll(() => t?.dispose());

/** Signs `signedBody` as a client would with the given payload hash header, then sends `sentBody`. */
async function send(
  path: string,
  contentSha: string,
  signedBody: string,
  sentBody: string,
  service = 'lambda',
): Promise<{ status: number; type: string | null; message: string }> {
  const url = new URL(path, t.server.url);
  const signer = new SignatureV4({
    credentials: t.credentials,
    region: 'us-east-1',
    service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host, 'content-type': 'application/json', 'x-amz-content-sha256': contentSha },
    body: signedBody,
  });
  const headers = Object.fromEntries(
    Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'),
  );
  const response = await fetch(url, { method: 'POST', headers, body: sentBody });
  const body = (await response.json()) as { message?: string; Message?: string };
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    message: body.message ?? body.Message ?? '',
  };
}

describe('X-Amz-Content-SHA256: UNSIGNED-PAYLOAD outside S3', () => {
  it('refuses Invoke with a changed body, and without a change too, as Lambda does; nothing runs', async () => {
    const path = '/2015-03-31/functions/payee/invocations';
    const changed = await send(path, 'UNSIGNED-PAYLOAD', '{"amount":1}', '{"amount":1000000}');
    expect(changed).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
    const same = await send(path, 'UNSIGNED-PAYLOAD', '{"amount":1}', '{"amount":1}');
    expect(same.type).toBe('InvalidSignatureException');
    expect(invocations).toHaveLength(0);
  });

  it('refuses it on the other control APIs (Hono path) and on CloudWatch', async () => {
    const create = await send('/2015-03-31/functions', 'UNSIGNED-PAYLOAD', '{}', '{"FunctionName":"x"}');
    expect(create).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    const url = new URL('/', t.server.url);
    const signer = new SignatureV4({
      credentials: t.credentials,
      region: 'us-east-1',
      service: 'monitoring',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      },
      body: '{}',
    });
    const headers = Object.fromEntries(
      Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'),
    );
    const response = await fetch(url, { method: 'POST', headers, body: '{"Namespace":"other"}' });
    // CloudWatch's JSON protocol answers client errors 400 (its query-compatible form).
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('InvalidSignatureException');
  });

  it('still accepts what the SDKs send: the body hashed into the signature', async () => {
    const sha = createHash('sha256').update('{"a":1}').digest('hex');
    const signedHash = await send('/2015-03-31/functions/payee/invocations', sha, '{"a":1}', '{"a":1}');
    expect(signedHash.status).toBe(200);
    expect((await invokeFunction(t.lambda, { FunctionName: 'payee', event: { b: 2 } })).json).toEqual({
      b: 2,
    });
  });
});
