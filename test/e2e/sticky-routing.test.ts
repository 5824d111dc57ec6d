import {
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayRequest, pathStyle, webZip } from '../support/gateway.js';
import { createActiveFunction, waitUpdated } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
let url: string; // path-style URL of alias `live`: version 1, with 30% on version 2; version 3 at 0%

async function webFunction(server: TestServer, name: string): Promise<string> {
  await createActiveFunction(server.lambda, name, { Code: { ZipFile: await webZip(1) } });
  for (let v = 1; v <= 3; v++) {
    if (v > 1) {
      await server.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await webZip(v) }),
      );
      await waitUpdated(server.lambda, name);
    }
    await server.lambda.send(new PublishVersionCommand({ FunctionName: name }));
  }
  await server.lambda.send(
    new CreateAliasCommand({
      FunctionName: name,
      Name: 'live',
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.3 } },
    }),
  );
  const created = await server.lambda.send(
    new CreateFunctionUrlConfigCommand({ FunctionName: name, Qualifier: 'live', AuthType: 'NONE' }),
  );
  return pathStyle(server.server.gateway.url, created.FunctionUrl!);
}

beforeAll(async () => {
  t = await startTestServer();
  url = await webFunction(t, 'sticky');
});
afterAll(() => t.dispose());

async function versionFor(headers: Record<string, string>, base = url): Promise<string> {
  const reply = await gatewayRequest(`${base}/`, { headers });
  expect(reply.status).toBe(200);
  return reply.text.replace('v=', '');
}

describe('sticky routing through the gateway and the Invoke API', () => {
  it('gives a routing key the same version on every request, by header or cookie', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const key = `client-${i}`;
      const first = await versionFor({ 'x-gradual-routing-key': key });
      seen.add(first);
      expect(await versionFor({ 'x-gradual-routing-key': key })).toBe(first);
      expect(await versionFor({ cookie: `theme=dark; gradual-routing-key=${key}` })).toBe(first);
    }
    // Both versions of the split are reached by some keys.
    expect([...seen].sort()).toEqual(['1', '2']);
  });

  it('routes Invoke API calls with the same header to the same version as the gateway', async () => {
    for (let i = 0; i < 10; i++) {
      const key = `client-${i}`;
      const invoked = await signedFetch(`${t.server.url}/2015-03-31/functions/sticky:live/invocations`, {
        method: 'POST',
        body: '{}',
        headers: { 'x-gradual-routing-key': key },
        credentials: t.credentials,
      });
      expect(invoked.status).toBe(200);
      expect(invoked.headers.get('x-amz-executed-version')).toBe(
        await versionFor({ 'x-gradual-routing-key': key }),
      );
    }
  });

  it('reaches a 0% version with X-Gradual-Version only when the request is signed', async () => {
    const unsigned = await gatewayRequest(`${url}/`, { headers: { 'x-gradual-version': '3' } });
    expect(unsigned.status).toBe(403);
    expect((unsigned.json() as { message: string }).message).toMatch(
      /X-Gradual-Version is only honoured for requests signed \(SigV4, service lambda\) with this server's credentials: Missing Authentication Token/,
    );
    const signed = await signedFetch(`${url}/`, {
      headers: { 'x-gradual-version': '3' },
      credentials: t.credentials,
    });
    expect(signed.status).toBe(200);
    expect(await signed.text()).toBe('v=3');
    const invoked = await signedFetch(`${t.server.url}/2015-03-31/functions/sticky:live/invocations`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-gradual-version': '3' },
      credentials: t.credentials,
    });
    expect(invoked.headers.get('x-amz-executed-version')).toBe('3');
    const bad = await gatewayRequest(`${url}/`, { headers: { 'x-gradual-version': 'live' } });
    expect(bad.status).toBe(400);
  });

  it('with --sticky-cookie, gives a browser a key in a cookie and keeps it on one version', async () => {
    const other = await startTestServer({ stickyCookie: 'stick' });
    try {
      const base = await webFunction(other, 'browser');
      const first = await gatewayRequest(`${base}/`);
      const cookie = String(first.headers['set-cookie']?.[0]);
      expect(cookie).toMatch(/^stick=[0-9a-f-]{36}; Path=\/; HttpOnly; SameSite=Lax$/);
      const pair = cookie.split(';')[0]!;
      const version = first.text;
      for (let i = 0; i < 10; i++) {
        const again = await gatewayRequest(`${base}/`, { headers: { cookie: pair } });
        expect(again.text).toBe(version);
        expect(again.headers['set-cookie']).toBeUndefined();
      }
    } finally {
      await other.dispose();
    }
  });
});
