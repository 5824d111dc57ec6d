import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { gatewayRequest } from '../support/gateway.js';
import { signedFetch } from '../support/signed-fetch.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Answers by path: the event itself, and each kind of response API Gateway must handle. */
const HANDLER = `
exports.handler = async (event) => {
  switch (event.pathParameters && event.pathParameters.proxy) {
    case 'malformed':
      return { body: 'no status code' };
    case 'throw':
      throw new Error('boom');
    case 'binary':
      return { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: Buffer.from([137, 80, 78, 71, 0, 255]).toString('base64'), isBase64Encoded: true };
    default:
      return {
        statusCode: 201,
        headers: { 'Content-Type': 'application/json', 'X-Single': 'one' },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
        body: JSON.stringify(event),
      };
  }
};
`;

let t: TestServer;
let gw: APIGatewayClient;
let apiId: string;
let rootId: string;

const uri = (fn: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${fn}/invocations`;
const stageUrl = (path: string): string =>
  `${t.server.gateway.url}/restapis/${apiId}/v1/_user_request_${path}`;

function connect(server: TestServer): void {
  gw?.destroy();
  gw = new APIGatewayClient({
    endpoint: server.server.url,
    region: 'us-east-1',
    credentials: server.credentials,
    maxAttempts: 1,
  });
}

beforeAll(async () => {
  t = await startTestServer();
  connect(t);
  await createActiveFunction(t.lambda, 'echo', {
    Code: { ZipFile: await buildZip({ 'index.js': HANDLER }) },
  });
  await t.lambda.send(
    new AddPermissionCommand({
      FunctionName: 'echo',
      StatementId: 'apigw',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:*/*/*/*',
    }),
  );
  const api = await gw.send(new CreateRestApiCommand({ name: 'echo', binaryMediaTypes: ['image/*'] }));
  apiId = api.id!;
  rootId = api.rootResourceId!;
  const items = await gw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'items' }),
  );
  const item = await gw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: items.id, pathPart: '{id}' }),
  );
  const proxy = await gw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: '{proxy+}' }),
  );
  for (const [resourceId, httpMethod] of [
    [item.id, 'GET'],
    [proxy.id, 'ANY'],
  ] as const) {
    await gw.send(
      new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: 'NONE' }),
    );
    await gw.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId,
        httpMethod,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: uri('echo'),
      }),
    );
  }
  const secure = await gw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'secure' }),
  );
  await gw.send(
    new PutMethodCommand({
      restApiId: apiId,
      resourceId: secure.id,
      httpMethod: 'GET',
      authorizationType: 'AWS_IAM',
    }),
  );
  await gw.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId: secure.id,
      httpMethod: 'GET',
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: uri('echo'),
    }),
  );
  await gw.send(
    new CreateDeploymentCommand({ restApiId: apiId, stageName: 'v1', variables: { color: 'blue' } }),
  );
});
afterAll(async () => {
  gw.destroy();
  await t.dispose();
});

type Event = Record<string, unknown> & { requestContext: Record<string, unknown> };

describe('REST API stages through the gateway', () => {
  it('a {param} resource: the 1.0 event as the function receives it, host-style', async () => {
    const reply = await gatewayRequest(`${t.server.gateway.url}/v1/items/42?tag=a&tag=b&q=x%20y`, {
      host: `${apiId}.execute-api.localhost:${t.server.gateway.port}`,
      headers: { 'X-Trace': ['one', 'two'], 'User-Agent': 'e2e' },
    });
    expect(reply.status).toBe(201);
    expect(reply.headers['x-single']).toBe('one');
    expect(reply.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    const event = reply.json() as Event;
    expect(event).toMatchObject({
      resource: '/items/{id}',
      path: '/items/42',
      httpMethod: 'GET',
      pathParameters: { id: '42' },
      stageVariables: { color: 'blue' },
      queryStringParameters: { tag: 'b', q: 'x y' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], q: ['x y'] },
      body: null,
      isBase64Encoded: false,
    });
    expect((event['multiValueHeaders'] as Record<string, string[]>)['X-Trace']).toEqual(['one', 'two']);
    expect((event['headers'] as Record<string, string>)['X-Trace']).toBe('two');
    expect(event.requestContext).toMatchObject({
      resourcePath: '/items/{id}',
      path: '/v1/items/42',
      stage: 'v1',
      apiId,
      accountId: '000000000000',
      domainName: `${apiId}.execute-api.localhost`,
      requestId: reply.headers['x-amzn-requestid'],
      identity: { sourceIp: '127.0.0.1', userAgent: 'e2e' },
    });
  });

  it('ANY {proxy+}: POST bodies, binary media types both ways', async () => {
    const post = await gatewayRequest(stageUrl('/a/b/c'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"hello":"world"}',
    });
    expect(post.json()).toMatchObject({
      resource: '/{proxy+}',
      httpMethod: 'POST',
      pathParameters: { proxy: 'a/b/c' },
      body: '{"hello":"world"}',
      isBase64Encoded: false,
    });
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const upload = await gatewayRequest(stageUrl('/upload'), {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: bytes,
    });
    const event = upload.json() as Event;
    expect(event['isBase64Encoded']).toBe(true);
    expect(Buffer.from(event['body'] as string, 'base64')).toEqual(bytes);
    const png = await gatewayRequest(stageUrl('/binary'));
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.body).toEqual(Buffer.from([137, 80, 78, 71, 0, 255]));
  });

  it("AWS_IAM methods: SigV4 for execute-api with this server's credentials, the caller in the event", async () => {
    const unsigned = await gatewayRequest(stageUrl('/secure'));
    expect([unsigned.status, unsigned.text]).toEqual([403, '{"message":"Missing Authentication Token"}']);
    const signed = await signedFetch(stageUrl('/secure'), {
      service: 'execute-api',
      credentials: t.credentials,
    });
    expect(signed.status).toBe(201);
    const event = (await signed.json()) as Event;
    expect(event.requestContext['identity']).toMatchObject({
      accessKey: t.credentials.accessKeyId,
      caller: t.credentials.accessKeyId,
      accountId: '000000000000',
      userArn: `arn:aws:iam::000000000000:user/${t.credentials.accessKeyId}`,
    });
    const wrongService = await signedFetch(stageUrl('/secure'), {
      service: 'lambda',
      credentials: t.credentials,
    });
    expect(wrongService.status).toBe(403);
    const wrongKey = await signedFetch(stageUrl('/secure'), {
      service: 'execute-api',
      credentials: { accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    expect([wrongKey.status, wrongKey.headers.get('x-amzn-errortype')]).toEqual([
      403,
      'InvalidSignatureException',
    ]);
  });

  it('a malformed proxy response or a function error: 502 Internal server error', async () => {
    for (const path of ['/malformed', '/throw']) {
      const reply = await gatewayRequest(stageUrl(path));
      expect([reply.status, reply.text], path).toEqual([502, '{"message":"Internal server error"}']);
    }
  });

  it('stages serve their deployment: new resources appear only after the next deployment', async () => {
    const extra = await gw.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'extra' }),
    );
    await gw.send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId: extra.id,
        httpMethod: 'DELETE',
        authorizationType: 'NONE',
      }),
    );
    await gw.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: extra.id,
        httpMethod: 'DELETE',
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: uri('echo'),
      }),
    );
    const before = (await gatewayRequest(stageUrl('/extra'), { method: 'DELETE' })).json() as Event;
    expect(before['resource']).toBe('/{proxy+}');
    await gw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'v1' }));
    const after = (await gatewayRequest(stageUrl('/extra'), { method: 'DELETE' })).json() as Event;
    expect(after['resource']).toBe('/extra');
  });

  it('survives a restart; a deleted function answers 500', async () => {
    t = await t.restart();
    connect(t);
    const reply = await gatewayRequest(stageUrl('/items/7'));
    expect((reply.json() as Event)['pathParameters']).toEqual({ id: '7' });
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'echo' }));
    const gone = await gatewayRequest(stageUrl('/items/7'));
    expect([gone.status, gone.text]).toEqual([500, '{"message":"Internal server error"}']);
  });
});
