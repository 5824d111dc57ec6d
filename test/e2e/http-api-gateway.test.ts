import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteApiCommand,
  DeleteRouteCommand,
  GetApiCommand,
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import { APIGatewayClient, CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { gatewayRequest } from '../support/gateway.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Answers with the event it got, or fails on request. */
const HANDLER = `
exports.handler = async (event) => {
  if (event.rawPath && event.rawPath.endsWith('/throw')) throw new Error('boom');
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
};
`;

let t: TestServer;
let v2: ApiGatewayV2Client;
let apiId: string;
const fnArn = (fn: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${fn}`;
const host = (): string => `${apiId}.execute-api.localhost:${t.server.gateway.port}`;

beforeAll(async () => {
  t = await startTestServer();
  v2 = new ApiGatewayV2Client({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    maxAttempts: 1,
  });
  for (const name of ['echo', 'locked']) {
    await createActiveFunction(t.lambda, name, {
      Code: { ZipFile: await buildZip({ 'index.js': HANDLER }) },
    });
  }
  await t.lambda.send(
    new AddPermissionCommand({
      FunctionName: 'echo',
      StatementId: 'apigw',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:*/*',
    }),
  );
  const api = await v2.send(new CreateApiCommand({ Name: 'pets', ProtocolType: 'HTTP' }));
  apiId = api.ApiId!;
  const echo = await v2.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: fnArn('echo'),
      PayloadFormatVersion: '2.0',
    }),
  );
  const v1 = await v2.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: fnArn('echo'),
      PayloadFormatVersion: '1.0',
    }),
  );
  const locked = await v2.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: fnArn('locked'),
      PayloadFormatVersion: '2.0',
    }),
  );
  const route = (RouteKey: string, id: string | undefined) =>
    v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey, Target: `integrations/${id}` }));
  await route('GET /pets/{petId}', echo.IntegrationId);
  await route('ANY /files/{proxy+}', echo.IntegrationId);
  await route('POST /legacy', v1.IntegrationId);
  await route('GET /locked', locked.IntegrationId);
  await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
  await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'beta', AutoDeploy: true }));
}, 60_000);

afterAll(async () => {
  v2?.destroy();
  await t?.dispose();
});

describe('API Gateway HTTP APIs: control plane', () => {
  it('describes the API, its integrations, routes and stages in AWS shapes', async () => {
    const api = await v2.send(new GetApiCommand({ ApiId: apiId }));
    expect(api).toMatchObject({
      ApiId: apiId,
      Name: 'pets',
      ProtocolType: 'HTTP',
      RouteSelectionExpression: '${request.method} ${request.path}',
      ApiEndpoint: `http://${apiId}.execute-api.localhost:${t.server.gateway.port}`,
    });
    expect(api.CreatedDate).toBeInstanceOf(Date);
    const apis = await v2.send(new GetApisCommand({}));
    expect(apis.Items?.map((a) => a.ApiId)).toContain(apiId);
    const integrations = await v2.send(new GetIntegrationsCommand({ ApiId: apiId }));
    expect(integrations.Items?.map((i) => i.PayloadFormatVersion)).toEqual(['2.0', '1.0', '2.0']);
    const routes = await v2.send(new GetRoutesCommand({ ApiId: apiId }));
    expect(routes.Items?.map((r) => r.RouteKey)).toEqual([
      'GET /pets/{petId}',
      'ANY /files/{proxy+}',
      'POST /legacy',
      'GET /locked',
    ]);
    const stages = await v2.send(new GetStagesCommand({ ApiId: apiId }));
    expect(stages.Items?.map((s) => [s.StageName, s.AutoDeploy])).toEqual([
      ['$default', true],
      ['beta', true],
    ]);
  });

  it('refuses bad input with API Gateway error types', async () => {
    await expect(
      v2.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET' })),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining('WEBSOCKET') as string,
    });
    await expect(v2.send(new GetApiCommand({ ApiId: 'nosuchapi0' }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    await expect(
      v2.send(
        new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{petId}', Target: 'integrations/x' }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(
      v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'FETCH /x' })),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
    });
    await expect(
      v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', Target: 'integrations/nope' })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(
      v2.send(
        new CreateIntegrationCommand({
          ApiId: apiId,
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: 'nope',
          PayloadFormatVersion: '2.0',
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });
});

describe('API Gateway HTTP APIs: through the gateway', () => {
  it('host-style: the $default stage serves a 2.0 event with routeKey and pathParameters', async () => {
    const reply = await gatewayRequest(`${t.server.gateway.url}/pets/rex?a=1`, { host: host() });
    expect(reply.status).toBe(200);
    const event = reply.json() as Record<string, unknown>;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /pets/{petId}',
      rawPath: '/pets/rex',
      rawQueryString: 'a=1',
      pathParameters: { petId: 'rex' },
      requestContext: {
        apiId,
        stage: '$default',
        routeKey: 'GET /pets/{petId}',
        domainName: `${apiId}.execute-api.localhost`,
        http: { method: 'GET', path: '/pets/rex' },
      },
    });
  });

  it('path-style: /httpapis/<id>/..., a named stage under its name, a greedy route', async () => {
    const reply = await gatewayRequest(`${t.server.gateway.url}/httpapis/${apiId}/beta/files/a/b.txt`, {
      method: 'PUT',
      body: 'x',
    });
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({
      routeKey: 'ANY /files/{proxy+}',
      rawPath: '/beta/files/a/b.txt',
      pathParameters: { proxy: 'a/b.txt' },
      requestContext: { stage: 'beta', domainName: `${apiId}.execute-api.localhost` },
    });
  });

  it('a 1.0 integration gets the REST-style event', async () => {
    const reply = await gatewayRequest(`${t.server.gateway.url}/httpapis/${apiId}/legacy`, {
      method: 'POST',
    });
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({
      version: '1.0',
      httpMethod: 'POST',
      resource: '/legacy',
      path: '/legacy',
    });
  });

  it('no route: 404 Not Found; no permission: 500; the function fails: 500', async () => {
    const none = await gatewayRequest(`${t.server.gateway.url}/nothing/here`, { host: host() });
    expect([none.status, none.json()]).toEqual([404, { message: 'Not Found' }]);
    const locked = await gatewayRequest(`${t.server.gateway.url}/locked`, { host: host() });
    expect([locked.status, locked.json()]).toEqual([500, { message: 'Internal Server Error' }]);
    const unknown = await gatewayRequest(`${t.server.gateway.url}/httpapis/nosuchapi0/x`);
    expect(unknown.status).toBe(404);
  });

  it('the API, its routes and stages survive a restart (SQLite)', async () => {
    t = await t.restart();
    v2.destroy();
    v2 = new ApiGatewayV2Client({
      endpoint: t.server.url,
      region: 'us-east-1',
      credentials: t.credentials,
      maxAttempts: 1,
    });
    const reply = await gatewayRequest(`${t.server.gateway.url}/pets/rex`, { host: host() });
    expect(reply.status).toBe(200);
    expect((reply.json() as { routeKey: string }).routeKey).toBe('GET /pets/{petId}');
  });

  it('routes change without a deployment (AutoDeploy); a deleted API stops serving', async () => {
    const routes = await v2.send(new GetRoutesCommand({ ApiId: apiId }));
    const pets = routes.Items!.find((r) => r.RouteKey === 'GET /pets/{petId}')!;
    await v2.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: pets.RouteId }));
    const gone = await gatewayRequest(`${t.server.gateway.url}/pets/rex`, { host: host() });
    expect(gone.status).toBe(404);
    await v2.send(new DeleteApiCommand({ ApiId: apiId }));
    const deleted = await gatewayRequest(`${t.server.gateway.url}/httpapis/${apiId}/files/a`);
    expect(deleted.status).toBe(404);
  });

  it('a REST API on the same host form is still served by the REST router', async () => {
    const rest = new APIGatewayClient({
      endpoint: t.server.url,
      region: 'us-east-1',
      credentials: t.credentials,
      maxAttempts: 1,
    });
    const api = await rest.send(new CreateRestApiCommand({ name: 'rest' }));
    rest.destroy();
    // No stage: the REST router's own answer (403), not the HTTP API router's 404.
    const reply = await gatewayRequest(`${t.server.gateway.url}/`, {
      host: `${api.id}.execute-api.localhost:${t.server.gateway.port}`,
    });
    expect(reply.status).toBe(403);
  });
});
