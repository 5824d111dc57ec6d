import {
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayRequest, pathStyle, webZip } from '../support/gateway.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
let open: string; // host-style URL of the unqualified function, AuthType NONE
let iam: string; // the `live` alias, AuthType AWS_IAM, with CORS

beforeAll(async () => {
  t = await startTestServer();
  await createActiveFunction(t.lambda, 'web', { Code: { ZipFile: await webZip() } });
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'web' }));
  await t.lambda.send(new CreateAliasCommand({ FunctionName: 'web', Name: 'live', FunctionVersion: '1' }));
  open = (await t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' })))
    .FunctionUrl!;
  iam = (
    await t.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: 'web',
        Qualifier: 'live',
        AuthType: 'AWS_IAM',
        Cors: {
          AllowOrigins: ['https://app.example'],
          AllowMethods: ['GET', 'POST'],
          AllowHeaders: ['x-custom'],
          ExposeHeaders: ['x-result'],
          MaxAge: 600,
          AllowCredentials: true,
        },
      }),
    )
  ).FunctionUrl!;
});
afterAll(() => t.dispose());

/** Calls a host-style URL as curl would: to the gateway's address, with the URL's Host. */
function hostStyle(url: string, path: string, options: Parameters<typeof gatewayRequest>[1] = {}) {
  const u = new URL(url);
  return gatewayRequest(`${t.server.gateway.url}${path}`, { ...options, host: u.host });
}

describe('function URLs through the gateway', () => {
  it('reaches the handler host-style and path-style', async () => {
    const host = await hostStyle(open, '/');
    expect(host.status).toBe(200);
    expect(host.text).toBe('v=$LATEST');
    expect(host.headers['content-type']).toBe('text/plain');
    expect(host.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    const path = await gatewayRequest(`${pathStyle(t.server.gateway.url, open)}/anything`);
    expect(path.text).toBe('v=$LATEST');
  });

  it('hands the function a payload format 2.0 event', async () => {
    const reply = await hostStyle(open, '/echo?a=1&a=2&b=x%20y', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'x-multi': ['p', 'q'] },
      body: '{"k":"v"}',
    });
    const event = reply.json() as {
      headers: Record<string, string>;
      requestContext: { requestId: string; time: string };
    };
    const id = new URL(open).hostname.split('.')[0];
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/echo',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { a: '1,2', b: 'x y' },
      body: '{"k":"v"}',
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-multi': 'p,q' });
    expect(event.headers['cookie']).toBeUndefined();
    expect(event.requestContext).toMatchObject({
      accountId: 'anonymous',
      apiId: id,
      domainName: new URL(open).hostname,
      domainPrefix: id,
      http: { method: 'POST', path: '/echo', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      routeKey: '$default',
      stage: '$default',
    });
    expect(event.requestContext.requestId).toBe(reply.headers['x-amzn-requestid']);
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
  });

  it('base64-encodes binary request bodies', async () => {
    const body = Buffer.from([0, 1, 2, 254, 255]);
    const reply = await hostStyle(open, '/echo', {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    const event = reply.json() as { body: string; isBase64Encoded: boolean };
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(body);
  });

  it('maps every response shape as AWS does', async () => {
    const bare = await hostStyle(open, '/bare');
    expect([bare.status, bare.headers['content-type'], bare.text]).toEqual([
      200,
      'application/json',
      '{"hello":"world"}',
    ]);
    const string = await hostStyle(open, '/string');
    expect([string.status, string.text]).toEqual([200, '"Hello, world!"']);
    const cookies = await hostStyle(open, '/cookies');
    expect(cookies.status).toBe(201);
    expect(cookies.headers['x-custom']).toBe('v');
    expect(cookies.headers['set-cookie']).toEqual(['a=1; Max-Age=60', 'b=2']);
    expect(cookies.text).toBe('made');
    const binary = await hostStyle(open, '/binary');
    expect(binary.headers['content-type']).toBe('application/octet-stream');
    expect(binary.body).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('answers 502 for a function error', async () => {
    const reply = await hostStyle(open, '/throw');
    expect(reply.status).toBe(502);
    expect(reply.json()).toEqual({ Message: 'Internal Server Error' });
  });

  it('refuses unsigned requests to an AWS_IAM URL, and accepts signed ones', async () => {
    const unsigned = await gatewayRequest(`${pathStyle(t.server.gateway.url, iam)}/`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.json()).toEqual({ Message: 'Forbidden' });
    const wrongKey = await signedFetch(`${pathStyle(t.server.gateway.url, iam)}/echo`, {
      credentials: { accessKeyId: 'AKIDNOTKNOWN', secretAccessKey: 'x' },
    });
    expect(wrongKey.status).toBe(403);
    const signed = await signedFetch(`${pathStyle(t.server.gateway.url, iam)}/echo?q=1`, {
      credentials: t.credentials,
    });
    expect(signed.status).toBe(200);
    expect(signed.headers.get('x-gradual-executed-version')).toBe('1');
    const event = (await signed.json()) as {
      requestContext: { accountId: string; authorizer: { iam: { accessKey: string } } };
    };
    expect(event.requestContext.accountId).toBe('000000000000');
    expect(event.requestContext.authorizer.iam.accessKey).toBe(t.credentials.accessKeyId);
  });

  it('accepts a host-style request signed for its own Host', async () => {
    const { hostname, port, host } = new URL(iam);
    const signer = new SignatureV4({
      credentials: t.credentials,
      region: 'us-east-1',
      service: 'lambda',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign({
      method: 'GET',
      protocol: 'http:',
      hostname,
      port: Number(port),
      path: '/signed',
      query: { a: 'b' },
      headers: { host },
    });
    const reply = await hostStyle(iam, '/signed?a=b', { headers: signed.headers });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('v=1');
    const tampered = await hostStyle(iam, '/signed?a=c', { headers: signed.headers });
    expect(tampered.status).toBe(403);
  });

  it('answers CORS preflights itself and adds CORS headers to responses', async () => {
    const url = `${pathStyle(t.server.gateway.url, iam)}/`;
    const preflight = await gatewayRequest(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'x-custom',
      'access-control-max-age': '600',
      'access-control-allow-credentials': 'true',
    });
    const stranger = await gatewayRequest(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    const signed = await signedFetch(`${pathStyle(t.server.gateway.url, iam)}/`, {
      credentials: t.credentials,
      headers: { origin: 'https://app.example' },
    });
    expect(signed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(signed.headers.get('access-control-expose-headers')).toBe('x-result');
  });

  it('answers 404 for an unknown URL id or a path no front door serves', async () => {
    const unknownId = await gatewayRequest(`${t.server.gateway.url}/`, {
      host: `${'a'.repeat(32)}.lambda-url.us-east-1.localhost`,
    });
    expect(unknownId.status).toBe(404);
    const nowhere = await gatewayRequest(`${t.server.gateway.url}/not/a/route`);
    expect(nowhere.status).toBe(404);
    expect((nowhere.json() as { message: string }).message).toContain('Not Found');
  });

  it('serves many requests over one keep-alive connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    agent.on('free', (socket) => sockets.add(socket));
    for (let i = 0; i < 20; i++) {
      const reply = await hostStyle(open, '/', { agent });
      expect(reply.status).toBe(200);
    }
    expect(sockets.size).toBe(1);
    agent.destroy();
  });
});
