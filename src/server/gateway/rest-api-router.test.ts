import { describe, expect, it } from 'vitest';
import { realClock } from '../../common/clock.js';
import { lineLog } from '../../common/log.js';
import type { ServiceCall } from '../functions/policy-rules.js';
import type { MethodRecord, ResourceRecord } from '../apigateway/rest/model.js';
import type { StageLookup } from './deployed-stages.js';
import { restApiRouter, restApiTarget } from './rest-api-router.js';
import { compileRoutes } from './rest-api-routes.js';
import type { GatewayRequest, RouteDecision } from './router.js';

const account = { region: 'us-east-1', accountId: '000000000000' };
const uri = (fn: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${fn}/invocations`;

function method(httpMethod: string, fn: string): MethodRecord {
  return {
    httpMethod,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    operationName: undefined,
    requestParameters: undefined,
    requestModels: undefined,
    methodResponses: {},
    integration: {
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: uri(fn),
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
      cacheNamespace: 'x',
      cacheKeyParameters: [],
      contentHandling: undefined,
    },
  };
}
const root: ResourceRecord = {
  id: 'rootid0000',
  parentId: undefined,
  pathPart: undefined,
  path: '/',
  methods: {},
};
const demo: ResourceRecord = {
  id: 'demoid0000',
  parentId: root.id,
  pathPart: 'demo',
  path: '/demo',
  methods: { GET: method('GET', 'fn:production') },
};

const stage: StageLookup = {
  kind: 'stage',
  deployed: {
    api: {
      id: 'abcdefghij',
      name: 'api',
      description: undefined,
      version: undefined,
      createdDate: 0,
      rootResourceId: root.id,
      binaryMediaTypes: undefined,
      apiKeySource: 'HEADER',
      endpointTypes: ['EDGE'],
      disableExecuteApiEndpoint: false,
      tags: undefined,
    },
    stage: {
      stageName: 'prod',
      deploymentId: 'd',
      description: undefined,
      variables: undefined,
      createdDate: 0,
      lastUpdatedDate: 0,
    },
    routes: compileRoutes([root, demo]),
  },
};

function setup(allowed = true) {
  const lines: string[] = [];
  const calls: ServiceCall[] = [];
  const router = restApiRouter({
    stages: {
      lookup: (apiId, stageName) =>
        Promise.resolve(
          apiId !== 'abcdefghij' ? { kind: 'no-api' } : stageName === 'prod' ? stage : { kind: 'no-stage' },
        ),
    },
    permissions: {
      allows: (_fn, _q, call) => {
        calls.push(call);
        return Promise.resolve(allowed);
      },
    },
    secrets: undefined,
    allowedHosts: [],
    wallClock: realClock(),
    account,
    log: lineLog('debug', (l) => lines.push(l)),
  });
  return { router, lines, calls };
}

function request(overrides: Partial<GatewayRequest>): GatewayRequest {
  return {
    method: 'GET',
    rawPath: '/prod/demo',
    rawQuery: '',
    headers: {},
    body: Buffer.alloc(0),
    hostname: 'abcdefghij.execute-api.localhost',
    sourceIp: '127.0.0.1',
    requestId: '11111111-2222-4333-8444-555555555555',
    receivedAt: 0,
    ...overrides,
  };
}

function answer(decision: RouteDecision | undefined): { status: number; body: unknown; type: unknown } {
  if (decision?.kind !== 'answer') throw new Error(`expected an answer, got ${decision?.kind}`);
  const { response } = decision;
  expect(response.headers['x-amz-apigw-id']).toMatch(/^[A-Za-z0-9+/]{15}=$/);
  return {
    status: response.status,
    body: JSON.parse(response.body.toString()),
    type: response.headers['x-amzn-errortype'],
  };
}

describe('REST API front door', () => {
  it.each<[string, string, ReturnType<typeof restApiTarget>]>([
    [
      'abcdefghij.execute-api.localhost',
      '/prod/demo',
      { apiId: 'abcdefghij', stage: 'prod', path: '/demo', hostStyle: true },
    ],
    [
      'abcdefghij.execute-api.us-east-1.localhost',
      '/prod',
      { apiId: 'abcdefghij', stage: 'prod', path: '/', hostStyle: true },
    ],
    [
      'abcdefghij.execute-api.localhost',
      '/',
      { apiId: 'abcdefghij', stage: undefined, path: '/', hostStyle: true },
    ],
    [
      '127.0.0.1',
      '/restapis/abcdefghij/prod/_user_request_/demo',
      { apiId: 'abcdefghij', stage: 'prod', path: '/demo', hostStyle: false },
    ],
    [
      '127.0.0.1',
      '/restapis/abcdefghij/prod/_user_request_',
      { apiId: 'abcdefghij', stage: 'prod', path: '/', hostStyle: false },
    ],
    ['127.0.0.1', '/prod/demo', undefined],
    ['x.lambda-url.us-east-1.localhost', '/prod/demo', undefined],
  ])('%s %s', (host, path, expected) => {
    expect(restApiTarget(host, path)).toEqual(expected);
  });

  it('answers unknown APIs, stages, paths and methods as API Gateway does', async () => {
    const { router } = setup();
    expect(await router.route(request({ hostname: 'localhost', rawPath: '/other' }))).toBeUndefined();
    expect(answer(await router.route(request({ hostname: 'zzzzzzzzzz.execute-api.localhost' })))).toEqual({
      status: 404,
      body: { message: 'Not Found' },
      type: 'NotFoundException',
    });
    expect(answer(await router.route(request({ rawPath: '/dev/demo' })))).toEqual({
      status: 403,
      body: { message: 'Forbidden' },
      type: 'ForbiddenException',
    });
    const missing = {
      status: 403,
      body: { message: 'Missing Authentication Token' },
      type: 'MissingAuthenticationTokenException',
    };
    expect(answer(await router.route(request({ rawPath: '/prod/nothing' })))).toEqual(missing);
    expect(answer(await router.route(request({ method: 'POST' })))).toEqual(missing);
    expect(answer(await router.route(request({ rawPath: '/prod/' })))).toEqual(missing);
  });

  it('without an AddPermission for apigateway.amazonaws.com: 500, and the reason in the log', async () => {
    const { router, lines, calls } = setup(false);
    expect(answer(await router.route(request({})))).toEqual({
      status: 500,
      body: { message: 'Internal server error' },
      type: 'InternalServerErrorException',
    });
    expect(calls).toEqual([
      {
        service: 'apigateway.amazonaws.com',
        action: 'lambda:InvokeFunction',
        sourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/prod/GET/demo',
        sourceAccount: '000000000000',
      },
    ]);
    expect(lines.join('\n')).toContain(
      'Execution failed due to configuration error: Invalid permissions on Lambda function',
    );
  });

  it('invokes the integration target with a 1.0 event, and maps its answer', async () => {
    const { router, lines } = setup();
    const decision = await router.route(
      request({ rawPath: '/restapis/abcdefghij/prod/_user_request_/demo', hostname: '127.0.0.1' }),
    );
    if (decision?.kind !== 'invoke') throw new Error('expected an invocation');
    expect(decision.target).toEqual({ functionName: 'fn', qualifier: 'production' });
    const event = JSON.parse(decision.event.toString()) as Record<string, unknown>;
    expect(event).toMatchObject({ resource: '/demo', path: '/demo', httpMethod: 'GET' });
    expect(event['requestContext']).toMatchObject({
      stage: 'prod',
      apiId: 'abcdefghij',
      resourceId: 'demoid0000',
      path: '/prod/demo',
    });

    const ok = decision.respond({
      executedVersion: '1',
      body: Buffer.from(JSON.stringify({ statusCode: 200, body: '{"v":1}' })),
      functionError: false,
      logResult: undefined,
    });
    expect([ok.status, ok.body.toString(), ok.headers['Content-Type']]).toEqual([
      200,
      '{"v":1}',
      'application/json',
    ]);

    const failed = decision.respond({
      executedVersion: '1',
      body: Buffer.from('{"errorMessage":"boom"}'),
      functionError: true,
      logResult: undefined,
    });
    expect([failed.status, JSON.parse(failed.body.toString())]).toEqual([
      502,
      { message: 'Internal server error' },
    ]);
    const malformed = decision.respond({
      executedVersion: '1',
      body: Buffer.from('{"body":"x"}'),
      functionError: false,
      logResult: undefined,
    });
    expect(malformed.status).toBe(502);
    expect(lines.join('\n')).toContain('Malformed Lambda proxy response');
  });
});
