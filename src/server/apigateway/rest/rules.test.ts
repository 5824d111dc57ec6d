import { describe, expect, it } from 'vitest';
import type { RestApiChange } from './store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { decideCreateDeployment, decideCreateRestApi } from './api-rules.js';
import type { RestApiContext } from './context.js';
import { decidePutIntegration, decidePutMethod, type MethodAddress } from './method-rules.js';
import type { RestApiAggregate } from './model.js';
import { decideCreateResource, pathPartKind, validatePathPart } from './resource-rules.js';

const account = { region: 'us-east-1', accountId: '000000000000' };
function context(): RestApiContext {
  let n = 0;
  return { account, now: 1_700_000_000_500, newId: () => `id${String(n++).padStart(8, '0')}` };
}

/** Applies a decision's changes to an aggregate in memory, as the store would. */
function apply(agg: RestApiAggregate, decision: { changes: readonly RestApiChange[] }): RestApiAggregate {
  const resources = new Map(agg.resources);
  const deployments = new Map(agg.deployments);
  const stages = new Map(agg.stages);
  for (const c of decision.changes) {
    if (c.kind === 'putResource') resources.set(c.resource.id, c.resource);
    if (c.kind === 'putDeployment') deployments.set(c.deployment.id, c.deployment);
    if (c.kind === 'putStage') stages.set(c.stage.stageName, c.stage);
  }
  return { ...agg, resources, deployments, stages };
}

/** CreateRestApi's input with a name and nothing else. */
const NEW_API = {
  name: 'a',
  description: undefined,
  version: undefined,
  binaryMediaTypes: undefined,
  apiKeySource: undefined,
  endpointTypes: undefined,
  disableExecuteApiEndpoint: undefined,
  tags: undefined,
};

/** PutMethod with authorization NONE and nothing else, its changes applied. */
function withMethod(agg: RestApiAggregate, address: MethodAddress, ctx: RestApiContext): RestApiAggregate {
  const input = {
    ...address,
    authorizationType: 'NONE',
    apiKeyRequired: undefined,
    operationName: undefined,
    requestParameters: undefined,
    requestModels: undefined,
  };
  return apply(agg, decidePutMethod(agg, input, ctx));
}

describe('REST API rules', () => {
  it.each<[string, 'literal' | 'variable' | 'greedy' | 'invalid']>([
    ['demo', 'literal'],
    ['v1.2_x-y:z', 'literal'],
    ['{id}', 'variable'],
    ['{proxy+}', 'greedy'],
    ['a b', 'invalid'],
    ['{a', 'invalid'],
    ['a}', 'invalid'],
    ['{a}b', 'invalid'],
    ['{}', 'invalid'],
    ['{+}', 'invalid'],
    ['', 'invalid'],
  ])('path part %j is %s', (part, kind) => {
    if (kind === 'invalid') expect(() => validatePathPart(part)).toThrow("Resource's path part only allow");
    else {
      validatePathPart(part);
      expect(pathPartKind(part)).toBe(kind);
    }
  });

  it('a deployment snapshots the tree at that moment; later changes do not reach it', () => {
    const ctx = context();
    let agg = decideCreateRestApi(undefined, 'abcdefghij', NEW_API, ctx).result;
    expect(agg.api.createdDate).toBe(1_700_000_000);
    const demo = decideCreateResource(
      agg,
      { apiId: 'abcdefghij', parentId: agg.api.rootResourceId, pathPart: 'demo' },
      ctx,
    );
    agg = apply(agg, demo);
    const address = { apiId: 'abcdefghij', resourceId: demo.result.id, httpMethod: 'GET' };
    agg = withMethod(agg, address, ctx);
    const integration = {
      ...address,
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations',
      passthroughBehavior: undefined,
      timeoutInMillis: undefined,
      contentHandling: undefined,
      cacheKeyParameters: undefined,
    };
    agg = apply(agg, decidePutIntegration(agg, integration, ctx));
    const deployed = decideCreateDeployment(
      agg,
      'abcdefghij',
      { stageName: 'prod', stageDescription: undefined, description: undefined, variables: undefined },
      ctx,
    );
    agg = apply(agg, deployed);
    // The API changes after the deployment: the snapshot does not.
    agg = apply(
      agg,
      decidePutIntegration(agg, { ...integration, uri: integration.uri.replace(':f/', ':g/') }, ctx),
    );
    const snapshot = agg.deployments.get(deployed.result.id)!.resources.find((r) => r.path === '/demo')!;
    const frozen = snapshot.methods['GET']?.integration;
    expect(frozen?.type === 'AWS_PROXY' && frozen.uri).toContain(':function:f/');
    expect(agg.stages.get('prod')?.deploymentId).toBe(deployed.result.id);
  });

  it('integrations: only AWS_PROXY to a Lambda ARN of this region and account', () => {
    const ctx = context();
    const base = decideCreateRestApi(undefined, 'abcdefghij', NEW_API, ctx).result;
    const address = { apiId: 'abcdefghij', resourceId: base.api.rootResourceId, httpMethod: 'ANY' };
    const agg = withMethod(base, address, ctx);
    const put = (over: Record<string, unknown>) => () =>
      decidePutIntegration(
        agg,
        {
          ...address,
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f:live/invocations',
          passthroughBehavior: undefined,
          timeoutInMillis: undefined,
          contentHandling: undefined,
          cacheKeyParameters: undefined,
          ...over,
        },
        ctx,
      );
    const proxy = put({})().result;
    expect(proxy.type === 'AWS_PROXY' && proxy.uri).toContain(':f:live/');
    expect(put({ type: 'HTTP_PROXY' })).toThrow(
      'gradual does not support integration type HTTP_PROXY; supported: AWS_PROXY',
    );
    expect(put({ type: 'SOAP' })).toThrow("Invalid integration type specified: 'SOAP'");
    expect(put({ integrationHttpMethod: undefined })).toThrow(
      'Enumeration value for HttpMethod must be non-empty',
    );
    expect(
      put({
        uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:000000000000:function:f/invocations',
      }),
    ).toThrow('region us-east-1');
    expect(
      put({
        uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:f/invocations',
      }),
    ).toThrow('account 111111111111');
    expect(put({ timeoutInMillis: 30000 })).toThrow('Timeout should be between 50 ms and 29000 ms');
  });
});

describe('the SQLite REST API store', () => {
  it('a decision that throws writes nothing; deleting an API deletes everything of it', async () => {
    const store = openSqliteStore(':memory:');
    const ctx = context();
    await store.restApis.transact('abcdefghij', (cur) =>
      decideCreateRestApi(cur, 'abcdefghij', NEW_API, ctx),
    );
    await expect(
      store.restApis.transact('abcdefghij', (cur) => {
        const made = decideCreateResource(
          cur,
          { apiId: 'abcdefghij', parentId: cur!.api.rootResourceId, pathPart: 'x' },
          ctx,
        );
        return {
          changes: [
            ...made.changes,
            { kind: 'deleteApi' as const, apiId: 'zzz' },
            ...decideCreateResource(cur, { apiId: 'abcdefghij', parentId: 'missing', pathPart: 'y' }, ctx)
              .changes,
          ],
          result: undefined,
        };
      }),
    ).rejects.toThrow('Invalid Resource identifier specified');
    expect([...(await store.restApis.load('abcdefghij'))!.resources.values()].map((r) => r.path)).toEqual([
      '/',
    ]);
    await store.restApis.transact('abcdefghij', () => ({
      changes: [{ kind: 'deleteApi', apiId: 'abcdefghij' }],
      result: undefined,
    }));
    expect(await store.restApis.load('abcdefghij')).toBeUndefined();
    expect(await store.restApis.list()).toEqual([]);
    await store.close();
  });
});
