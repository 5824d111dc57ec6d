import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  GetDeploymentsCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
let gw: APIGatewayClient;
const uri = (fn: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${fn}/invocations`;

beforeAll(async () => {
  t = await startTestServer();
  gw = new APIGatewayClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  gw.destroy();
  await t.dispose();
});

async function newApi(name: string): Promise<{ id: string; root: string }> {
  const api = await gw.send(new CreateRestApiCommand({ name, description: `${name} api` }));
  return { id: api.id!, root: api.rootResourceId! };
}

describe('API Gateway REST APIs', () => {
  it('create, get, list and delete an API with its root resource', async () => {
    const before = Math.floor(Date.now() / 1000);
    const created = await gw.send(new CreateRestApiCommand({ name: 'shapes', description: 'd' }));
    expect(created.id).toMatch(/^[a-z0-9]{10}$/);
    expect(created.rootResourceId).toMatch(/^[a-z0-9]{10}$/);
    expect(created).toMatchObject({ name: 'shapes', description: 'd', apiKeySource: 'HEADER' });
    expect(created.endpointConfiguration?.types).toEqual(['EDGE']);
    expect(Math.floor(created.createdDate!.getTime() / 1000)).toBeGreaterThanOrEqual(before);

    const got = await gw.send(new GetRestApiCommand({ restApiId: created.id }));
    expect(got.rootResourceId).toBe(created.rootResourceId);
    const listed = await gw.send(new GetRestApisCommand({}));
    expect(listed.items?.map((a) => a.id)).toContain(created.id);
    const resources = await gw.send(new GetResourcesCommand({ restApiId: created.id }));
    expect(resources.items).toEqual([{ id: created.rootResourceId, path: '/' }]);

    await gw.send(new DeleteRestApiCommand({ restApiId: created.id }));
    const gone = await awsError(gw.send(new GetRestApiCommand({ restApiId: created.id })));
    expect(gone).toMatchObject({
      name: 'NotFoundException',
      status: 404,
      message: `Invalid API identifier specified 000000000000:${created.id}`,
    });
  });

  it('builds resources with literal, {param} and {proxy+} path parts, refusing what AWS refuses', async () => {
    const api = await newApi('tree');
    const users = await gw.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.root, pathPart: 'users' }),
    );
    expect(users).toMatchObject({ parentId: api.root, pathPart: 'users', path: '/users' });
    const id = await gw.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: users.id, pathPart: '{id}' }),
    );
    expect(id.path).toBe('/users/{id}');
    const proxy = await gw.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.root, pathPart: '{proxy+}' }),
    );
    expect(proxy.path).toBe('/{proxy+}');

    const duplicate = await awsError(
      gw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.root, pathPart: 'users' })),
    );
    expect(duplicate).toMatchObject({
      name: 'ConflictException',
      status: 409,
      message: 'Another resource with the same parent already has this name: users',
    });
    for (const bad of ['a b', '{x', 'x}', '{a}b', 'a/b', '']) {
      const e = await awsError(
        gw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.root, pathPart: bad })),
      );
      expect(e, bad).toMatchObject({ name: 'BadRequestException', status: 400 });
    }
    const second = await awsError(
      gw.send(new CreateResourceCommand({ restApiId: api.id, parentId: users.id, pathPart: '{name}' })),
    );
    expect(second.message).toContain('already has a variable path part');
    const underGreedy = await awsError(
      gw.send(new CreateResourceCommand({ restApiId: api.id, parentId: proxy.id, pathPart: 'x' })),
    );
    expect(underGreedy.name).toBe('BadRequestException');
    const noParent = await awsError(
      gw.send(new CreateResourceCommand({ restApiId: api.id, parentId: 'zzzzzzzzzz', pathPart: 'x' })),
    );
    expect(noParent).toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid Resource identifier specified',
    });

    // Deleting a resource deletes its subtree.
    await gw.send(new DeleteResourceCommand({ restApiId: api.id, resourceId: users.id }));
    const left = await gw.send(new GetResourcesCommand({ restApiId: api.id }));
    expect(left.items?.map((r) => r.path).sort()).toEqual(['/', '/{proxy+}']);
    const root = await awsError(
      gw.send(new DeleteResourceCommand({ restApiId: api.id, resourceId: api.root })),
    );
    expect(root.name).toBe('BadRequestException');
  });

  it('methods, AWS_PROXY integrations and method responses; other integration types are refused', async () => {
    const api = await newApi('methods');
    const demo = await gw.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.root, pathPart: 'demo' }),
    );
    const address = { restApiId: api.id, resourceId: demo.id, httpMethod: 'GET' };
    const method = await gw.send(new PutMethodCommand({ ...address, authorizationType: 'NONE' }));
    expect(method).toMatchObject({ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false });
    const again = await awsError(gw.send(new PutMethodCommand({ ...address, authorizationType: 'NONE' })));
    expect(again).toMatchObject({ name: 'ConflictException', status: 409 });
    const badVerb = await awsError(
      gw.send(new PutMethodCommand({ ...address, httpMethod: 'FETCH', authorizationType: 'NONE' })),
    );
    expect(badVerb.message).toBe(
      'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY',
    );
    const authorizer = await awsError(
      gw.send(
        new PutMethodCommand({
          ...address,
          httpMethod: 'POST',
          authorizationType: 'CUSTOM',
        }),
      ),
    );
    expect(authorizer).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(authorizer.message).toContain('NONE and AWS_IAM');
    // Features gradual does not have are refused by name, not ignored.
    for (const [call, name] of [
      [
        gw.send(
          new PutMethodCommand({
            ...address,
            httpMethod: 'PUT',
            authorizationType: 'NONE',
            apiKeyRequired: true,
          }),
        ),
        'apiKeyRequired',
      ],
      [gw.send(new CreateRestApiCommand({ name: 'clone', cloneFrom: api.id })), 'cloneFrom'],
      [
        gw.send(
          new CreateDeploymentCommand({
            restApiId: api.id,
            stageName: 'c',
            canarySettings: { percentTraffic: 10 },
          }),
        ),
        'canarySettings',
      ],
    ] as const) {
      const refused = await awsError(call);
      expect(refused, name).toMatchObject({
        name: 'BadRequestException',
        message: `gradual does not support ${name} (not implemented)`,
      });
    }

    const http = await awsError(
      gw.send(
        new PutIntegrationCommand({
          ...address,
          type: 'HTTP',
          integrationHttpMethod: 'GET',
          uri: 'http://x',
        }),
      ),
    );
    expect(http).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(http.message).toContain('supported: AWS_PROXY');
    const badUri = await awsError(
      gw.send(
        new PutIntegrationCommand({
          ...address,
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri: 'arn:aws:s3:::x',
        }),
      ),
    );
    expect(badUri.message).toContain('Invalid ARN specified in the request');

    const integration = await gw.send(
      new PutIntegrationCommand({
        ...address,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: uri('fn:live'),
      }),
    );
    expect(integration).toMatchObject({
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: uri('fn:live'),
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
      cacheNamespace: demo.id,
      cacheKeyParameters: [],
    });
    expect(await gw.send(new GetIntegrationCommand(address))).toMatchObject({ uri: uri('fn:live') });
    const response = await gw.send(new PutMethodResponseCommand({ ...address, statusCode: '200' }));
    expect(response.statusCode).toBe('200');

    const full = await gw.send(new GetMethodCommand(address));
    expect(full.methodIntegration?.type).toBe('AWS_PROXY');
    expect(full.methodResponses?.['200']?.statusCode).toBe('200');
    const plain = await gw.send(new GetResourceCommand({ restApiId: api.id, resourceId: demo.id }));
    expect(plain.resourceMethods).toEqual({ GET: {} });
    const embedded = await gw.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
    const listed = embedded.items?.find((r) => r.id === demo.id);
    expect(listed?.resourceMethods?.['GET']?.methodIntegration?.uri).toBe(uri('fn:live'));

    await gw.send(new DeleteMethodCommand(address));
    const gone = await awsError(gw.send(new GetMethodCommand(address)));
    expect(gone).toMatchObject({ name: 'NotFoundException', message: 'Invalid Method identifier specified' });
  });

  it('deployments snapshot the API into a stage; a method without integration cannot be deployed', async () => {
    const api = await newApi('deploy');
    const empty = await awsError(
      gw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' })),
    );
    expect(empty).toMatchObject({
      name: 'BadRequestException',
      message: "The REST API doesn't contain any methods",
    });
    const demo = await gw.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.root, pathPart: 'demo' }),
    );
    const address = { restApiId: api.id, resourceId: demo.id, httpMethod: 'ANY' };
    await gw.send(new PutMethodCommand({ ...address, authorizationType: 'NONE' }));
    const noIntegration = await awsError(
      gw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' })),
    );
    expect(noIntegration.message).toContain('No integration defined for method');
    await gw.send(
      new PutIntegrationCommand({
        ...address,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: uri('fn'),
      }),
    );

    const first = await gw.send(
      new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod', description: 'first' }),
    );
    expect(first.id).toMatch(/^[a-z0-9]{10}$/);
    expect(first.description).toBe('first');
    const stage = await gw.send(new GetStageCommand({ restApiId: api.id, stageName: 'prod' }));
    expect(stage).toMatchObject({ stageName: 'prod', deploymentId: first.id });
    const second = await gw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    const moved = await gw.send(new GetStagesCommand({ restApiId: api.id }));
    expect(moved.item?.map((s) => [s.stageName, s.deploymentId])).toEqual([['prod', second.id]]);
    const deployments = await gw.send(new GetDeploymentsCommand({ restApiId: api.id }));
    expect(deployments.items?.map((d) => d.id).sort()).toEqual([first.id, second.id].sort());
    const badStage = await awsError(
      gw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'no way' })),
    );
    expect(badStage.name).toBe('BadRequestException');
    const noStage = await awsError(gw.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' })));
    expect(noStage).toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid Stage identifier specified',
    });

    // Deleting the API deletes its resources, deployments and stages.
    await gw.send(new DeleteRestApiCommand({ restApiId: api.id }));
    const again = await newApi('deploy');
    expect((await gw.send(new GetStagesCommand({ restApiId: again.id }))).item).toEqual([]);
    for (const call of [
      gw.send(new GetStagesCommand({ restApiId: api.id })),
      gw.send(new GetDeploymentsCommand({ restApiId: api.id })),
      gw.send(new GetResourcesCommand({ restApiId: api.id })),
    ]) {
      expect((await awsError(call)).name).toBe('NotFoundException');
    }
  });

  it('errors on the wire: {"message"} with x-amzn-ErrorType, signed for apigateway', async () => {
    const response = await signedFetch(`${t.server.url}/restapis/abcdefghij`, {
      service: 'apigateway',
      credentials: t.credentials,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotFoundException');
    expect(await response.json()).toEqual({
      message: 'Invalid API identifier specified 000000000000:abcdefghij',
    });

    const wrongService = await signedFetch(`${t.server.url}/restapis`, {
      service: 'lambda',
      credentials: t.credentials,
    });
    expect(wrongService.status).toBe(403);
    expect(Object.keys((await wrongService.json()) as object)).toEqual(['message']);

    const badJson = await signedFetch(`${t.server.url}/restapis`, {
      method: 'POST',
      service: 'apigateway',
      credentials: t.credentials,
      body: '{"name":',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('x-amzn-errortype')).toBe('BadRequestException');
  });
});
