import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteCorsConfigurationCommand,
  GetApiCommand,
  UpdateApiCommand,
} from '@aws-sdk/client-apigatewayv2';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { gatewayRequest } from '../support/gateway.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Counts its calls and answers with a CORS header of its own, which API Gateway must replace. */
const HANDLER = `
let calls = 0;
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'access-control-allow-origin': 'https://backend.example', 'x-calls': String(++calls) },
  body: event.requestContext.http.method,
});
`;

let t: TestServer;
let v2: ApiGatewayV2Client;
let apiId: string;
const APP = 'https://app.example';
const url = (path: string): string => `${t.server.gateway.url}/httpapis/${apiId}${path}`;
const preflight = (path: string, origin: string) =>
  gatewayRequest(url(path), {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-a' },
  });

beforeAll(async () => {
  t = await startTestServer();
  v2 = new ApiGatewayV2Client({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    maxAttempts: 1,
  });
  await createActiveFunction(t.lambda, 'shop', {
    Code: { ZipFile: await buildZip({ 'index.js': HANDLER }) },
  });
  await t.lambda.send(
    new AddPermissionCommand({
      FunctionName: 'shop',
      StatementId: 'apigw',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
    }),
  );
  const api = await v2.send(
    new CreateApiCommand({
      Name: 'shop',
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: [APP],
        AllowMethods: ['GET', 'PUT'],
        AllowHeaders: ['x-a'],
        ExposeHeaders: ['x-calls'],
        MaxAge: 600,
        AllowCredentials: true,
      },
    }),
  );
  apiId = api.ApiId!;
  const fn = await v2.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:shop',
      PayloadFormatVersion: '2.0',
    }),
  );
  for (const RouteKey of ['GET /items', 'OPTIONS /own'])
    await v2.send(
      new CreateRouteCommand({ ApiId: apiId, RouteKey, Target: `integrations/${fn.IntegrationId}` }),
    );
  await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
}, 60_000);

afterAll(async () => {
  v2?.destroy();
  await t?.dispose();
});

describe('HTTP API CORS', () => {
  it('keeps the configuration with the API (GetApi), and refuses credentials for every origin', async () => {
    const api = await v2.send(new GetApiCommand({ ApiId: apiId }));
    expect(api.CorsConfiguration).toEqual({
      AllowOrigins: [APP],
      AllowMethods: ['GET', 'PUT'],
      AllowHeaders: ['x-a'],
      ExposeHeaders: ['x-calls'],
      MaxAge: 600,
      AllowCredentials: true,
    });
    await expect(
      v2.send(
        new CreateApiCommand({
          Name: 'bad',
          ProtocolType: 'HTTP',
          CorsConfiguration: { AllowOrigins: ['*'], AllowCredentials: true },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
      message: "allow-credentials is not supported if 'allow-origin' is *",
    });
  });

  it('answers a preflight itself, without calling the function: allowed and refused origins', async () => {
    const allowed = await preflight('/items', APP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET,PUT',
      'access-control-allow-headers': 'x-a',
      'access-control-max-age': '600',
      'access-control-allow-credentials': 'true',
    });
    expect(allowed.headers['x-calls']).toBeUndefined();
    const refused = await preflight('/items', 'https://evil.example');
    expect(refused.status).toBe(204);
    expect(Object.keys(refused.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it("adds the configured headers to the function's response, replacing its own", async () => {
    const reply = await gatewayRequest(url('/items'), { headers: { origin: APP } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('GET');
    expect(reply.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-expose-headers': 'x-calls',
      'access-control-allow-credentials': 'true',
    });
    const stranger = await gatewayRequest(url('/items'), { headers: { origin: 'https://evil.example' } });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends a preflight to an OPTIONS route of its own, with the configured headers', async () => {
    const reply = await preflight('/own', APP);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('OPTIONS');
    expect(reply.headers['access-control-allow-origin']).toBe(APP);
  });

  it('follows UpdateApi and stops answering preflights after DeleteCorsConfiguration', async () => {
    await v2.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: { AllowOrigins: ['*'] } }));
    const any = await preflight('/items', 'https://evil.example');
    expect(any.headers['access-control-allow-origin']).toBe('*');
    await v2.send(new DeleteCorsConfigurationCommand({ ApiId: apiId }));
    expect((await v2.send(new GetApiCommand({ ApiId: apiId }))).CorsConfiguration).toBeUndefined();
    const none = await preflight('/items', APP);
    expect(none.status).toBe(404);
    const backend = await gatewayRequest(url('/items'), { headers: { origin: APP } });
    expect(backend.headers['access-control-allow-origin']).toBe('https://backend.example');
  });
});
