import { describe, expect, it } from 'vitest';
import { decideCreateRestApi } from './api-rules.js';
import type { RestApiContext } from './context.js';
import {
  decidePutIntegration,
  decidePutMethod,
  decidePutMethodResponse,
  type MethodAddress,
} from './method-rules.js';
import type { RestApiAggregate } from './model.js';
import { decidePutIntegrationResponse, mockTemplateStatus } from './mock-rules.js';
import type { RestApiChange } from './store.js';

const ctx: RestApiContext = {
  account: { region: 'us-east-1', accountId: '000000000000' },
  now: 1_700_000_000_000,
  newId: () => 'id00000001',
};
function apply(agg: RestApiAggregate, decision: { changes: readonly RestApiChange[] }): RestApiAggregate {
  const resources = new Map(agg.resources);
  for (const c of decision.changes) if (c.kind === 'putResource') resources.set(c.resource.id, c.resource);
  return { ...agg, resources };
}

/** An API whose root has OPTIONS with a 200 method response. */
function withOptions(): { agg: RestApiAggregate; at: MethodAddress } {
  let agg = decideCreateRestApi(
    undefined,
    'abcdefghij',
    {
      name: 'a',
      description: undefined,
      version: undefined,
      binaryMediaTypes: undefined,
      apiKeySource: undefined,
      endpointTypes: undefined,
      disableExecuteApiEndpoint: undefined,
      tags: undefined,
    },
    ctx,
  ).result;
  const at = { apiId: 'abcdefghij', resourceId: agg.api.rootResourceId, httpMethod: 'OPTIONS' };
  const method = { authorizationType: 'NONE', apiKeyRequired: undefined, operationName: undefined };
  agg = apply(
    agg,
    decidePutMethod(agg, { ...at, ...method, requestParameters: undefined, requestModels: undefined }, ctx),
  );
  const response = { ...at, statusCode: '200', responseParameters: undefined, responseModels: undefined };
  return { agg: apply(agg, decidePutMethodResponse(agg, response, ctx)), at };
}

const mock = (at: MethodAddress, requestTemplates: Record<string, string> | undefined) => ({
  ...at,
  type: 'MOCK',
  integrationHttpMethod: undefined,
  uri: undefined,
  passthroughBehavior: undefined,
  timeoutInMillis: undefined,
  contentHandling: undefined,
  cacheKeyParameters: undefined,
  requestTemplates,
});
const response = (at: MethodAddress, over: Record<string, unknown> = {}) => ({
  ...at,
  statusCode: '200',
  selectionPattern: undefined,
  responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" },
  responseTemplates: { 'application/json': '{}' },
  ...over,
});

describe('MOCK integration rules', () => {
  it('read the status a request template names, quoted or not, as API Gateway does', () => {
    expect(mockTemplateStatus('{"statusCode": 204}')).toBe(204);
    expect(mockTemplateStatus('{ statusCode: 200 }')).toBe(200);
    expect(mockTemplateStatus('{}')).toBe(200);
  });

  it('keep a request template and static integration responses', () => {
    const { agg, at } = withOptions();
    const put = decidePutIntegration(agg, mock(at, { 'application/json': '{"statusCode": 200}' }), ctx);
    expect(put.result).toMatchObject({ type: 'MOCK', passthroughBehavior: 'WHEN_NO_MATCH' });
    const mocked = apply(agg, put);
    const answer = decidePutIntegrationResponse(mocked, response(at), ctx);
    const method = apply(mocked, answer).resources.get(at.resourceId)!.methods['OPTIONS']!;
    expect(method.integration?.type === 'MOCK' && method.integration.integrationResponses['200']).toEqual({
      statusCode: '200',
      selectionPattern: undefined,
      responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" },
      responseTemplates: { 'application/json': '{}' },
    });
  });

  it('refuse VTL, a response without its method response, and mappings other than static headers', () => {
    const { agg, at } = withOptions();
    expect(() => decidePutIntegration(agg, mock(at, { 'application/json': '#set($a = 1)' }), ctx)).toThrow(
      'gradual does not evaluate VTL in MOCK request templates',
    );
    const mocked = apply(agg, decidePutIntegration(agg, mock(at, undefined), ctx));
    expect(() => decidePutIntegrationResponse(mocked, response(at, { statusCode: '500' }), ctx)).toThrow(
      'Invalid Response status code specified',
    );
    const dynamic = { 'method.response.header.X': 'integration.response.header.Y' };
    expect(() =>
      decidePutIntegrationResponse(mocked, response(at, { responseParameters: dynamic }), ctx),
    ).toThrow("gradual maps static values ('...') to method.response.header.* only");
  });
});
