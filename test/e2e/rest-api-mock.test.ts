import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetIntegrationCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayRequest } from '../support/gateway.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A REST API's CORS preflight the way the console, SAM and CDK build it: an OPTIONS method with a
 * MOCK integration whose integration response maps static Access-Control-* headers.
 */
let t: TestServer;
let gw: APIGatewayClient;
let apiId: string;
let resourceId: string;
const HEADERS = {
  'method.response.header.Access-Control-Allow-Origin': "'https://app.example'",
  'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'",
  'method.response.header.Access-Control-Allow-Headers': "'Content-Type'",
};

beforeAll(async () => {
  t = await startTestServer();
  gw = new APIGatewayClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    maxAttempts: 1,
  });
  const api = await gw.send(new CreateRestApiCommand({ name: 'shop' }));
  apiId = api.id!;
  const items = await gw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart: 'items' }),
  );
  resourceId = items.id!;
  const at = { restApiId: apiId, resourceId, httpMethod: 'OPTIONS' };
  await gw.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
  await gw.send(
    new PutMethodResponseCommand({
      ...at,
      statusCode: '200',
      responseParameters: Object.fromEntries(Object.keys(HEADERS).map((h) => [h, false])),
    }),
  );
  await gw.send(
    new PutIntegrationCommand({
      ...at,
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }),
  );
  await gw.send(
    new PutIntegrationResponseCommand({
      ...at,
      statusCode: '200',
      responseParameters: HEADERS,
      responseTemplates: { 'application/json': '{}' },
    }),
  );
  await gw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'v1' }));
}, 60_000);

afterAll(async () => {
  gw?.destroy();
  await t?.dispose();
});

describe('REST API MOCK integrations', () => {
  it('describe the integration with its integration responses, in AWS shapes', async () => {
    const got = await gw.send(
      new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'OPTIONS' }),
    );
    expect(got).toMatchObject({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      passthroughBehavior: 'WHEN_NO_MATCH',
      integrationResponses: {
        '200': {
          statusCode: '200',
          responseParameters: HEADERS,
          responseTemplates: { 'application/json': '{}' },
        },
      },
    });
  });

  it('answer a browser preflight from the integration response, with no backend', async () => {
    const reply = await gatewayRequest(`${t.server.gateway.url}/restapis/${apiId}/v1/_user_request_/items`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{}');
    expect(reply.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'GET,OPTIONS',
      'access-control-allow-headers': 'Content-Type',
    });
  });

  it('refuse an integration response for a status the method does not answer, as API Gateway does', async () => {
    await expect(
      gw.send(
        new PutIntegrationResponseCommand({
          restApiId: apiId,
          resourceId,
          httpMethod: 'OPTIONS',
          statusCode: '500',
          selectionPattern: '5\\d\\d',
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundException', message: 'Invalid Response status code specified' });
  });
});
