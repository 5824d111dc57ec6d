import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 12, attack 7: the sign-in throttle was global, so 20 wrong passwords from anyone locked
 * the owner out for a minute, with no Retry-After. Now it counts per client address.
 */
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.dispose());

/** A sign-in from a chosen loopback source address (Linux routes all of 127/8 to lo). */
function signIn(
  from: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }> {
  const url = new URL('/ui/api/login', t.server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(credentials));
  });
}

describe('dashboard sign-in throttle', () => {
  it("refuses the guessing address with Retry-After and lets the owner's address sign in", async () => {
    const wrong = { accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'guess' };
    for (let i = 0; i < 20; i++) expect((await signIn('127.0.0.2', wrong)).status).toBe(401);
    const refused = await signIn('127.0.0.2', t.credentials);
    expect(refused.status).toBe(429);
    expect(refused.headers['x-amzn-errortype']).toBe('TooManySignInAttemptsException');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 60).toBe(true);
    expect(refused.body['message']).toBe(
      `Too many failed sign-ins from your address; try again in ${retryAfter} s.`,
    );
    // The owner, on another address, is not held up by the guesser.
    const owner = await signIn('127.0.0.1', t.credentials);
    expect(owner.status).toBe(200);
    expect(owner.body).toMatchObject({ signedIn: true, principal: t.credentials.accessKeyId });
  });
});
