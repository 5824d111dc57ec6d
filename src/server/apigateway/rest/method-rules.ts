import type { RestApiDecision } from './store.js';
import { requireApi } from './api-rules.js';
import type { RestApiContext } from './context.js';
import { BadRequestException, ConflictException, NotFoundException } from './errors.js';
import { validateLambdaUri } from './integration-uri.js';
import type { IntegrationRecord, MethodRecord, MethodResponseRecord, RestApiAggregate } from './model.js';
import { requireMethod, withMethod, type MethodAddress } from './method-address.js';
import { mockIntegration } from './mock-rules.js';
import { requireResource } from './resource-rules.js';

export { requireMethod, withMethod, type MethodAddress };

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'] as const;

function validateHttpMethod(httpMethod: string): void {
  if (!(HTTP_METHODS as readonly string[]).includes(httpMethod)) {
    throw new BadRequestException(
      `Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`,
    );
  }
}

export interface PutMethodInput extends MethodAddress {
  authorizationType: string;
  apiKeyRequired: boolean | undefined;
  operationName: string | undefined;
  requestParameters: Record<string, boolean> | undefined;
  requestModels: Record<string, string> | undefined;
}

export function decidePutMethod(
  current: RestApiAggregate | undefined,
  input: PutMethodInput,
  ctx: RestApiContext,
): RestApiDecision<MethodRecord> {
  const agg = requireApi(current, input.apiId, ctx);
  const resource = requireResource(agg, input.resourceId);
  validateHttpMethod(input.httpMethod);
  if (resource.methods[input.httpMethod])
    throw new ConflictException('Method already exists for this resource');
  if (input.authorizationType !== 'NONE' && input.authorizationType !== 'AWS_IAM') {
    throw new BadRequestException(
      `gradual supports authorizationType NONE and AWS_IAM, not '${input.authorizationType}' (Lambda and Cognito authorizers are not implemented)`,
    );
  }
  const method: MethodRecord = {
    httpMethod: input.httpMethod,
    authorizationType: input.authorizationType,
    apiKeyRequired: input.apiKeyRequired ?? false,
    operationName: input.operationName,
    requestParameters: input.requestParameters,
    requestModels: input.requestModels,
    methodResponses: {},
    integration: undefined,
  };
  return {
    changes: [
      { kind: 'putResource', apiId: input.apiId, resource: withMethod(resource, method, input.httpMethod) },
    ],
    result: method,
  };
}

export function decideDeleteMethod(
  current: RestApiAggregate | undefined,
  input: MethodAddress,
  ctx: RestApiContext,
): RestApiDecision<undefined> {
  const { resource } = requireMethod(current, input, ctx);
  return {
    changes: [
      {
        kind: 'putResource',
        apiId: input.apiId,
        resource: withMethod(resource, undefined, input.httpMethod),
      },
    ],
    result: undefined,
  };
}

export interface PutIntegrationInput extends MethodAddress {
  type: string;
  integrationHttpMethod: string | undefined;
  uri: string | undefined;
  passthroughBehavior: string | undefined;
  timeoutInMillis: number | undefined;
  contentHandling: string | undefined;
  cacheKeyParameters: string[] | undefined;
  requestTemplates?: Record<string, string> | undefined;
}

const SUPPORTED_TYPES =
  'AWS_PROXY (a Lambda proxy integration to a function, version or alias) and MOCK (static answers)';

export function decidePutIntegration(
  current: RestApiAggregate | undefined,
  input: PutIntegrationInput,
  ctx: RestApiContext,
): RestApiDecision<IntegrationRecord> {
  const { resource, method } = requireMethod(current, input, ctx);
  if (!['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY'].includes(input.type)) {
    throw new BadRequestException(`Invalid integration type specified: '${input.type}'`);
  }
  const integration =
    input.type === 'MOCK'
      ? mockIntegration(input, resource.id, method)
      : proxyIntegration(input, resource.id, ctx);
  return {
    changes: [
      {
        kind: 'putResource',
        apiId: input.apiId,
        resource: withMethod(resource, { ...method, integration }, input.httpMethod),
      },
    ],
    result: integration,
  };
}

/** A Lambda proxy integration, the one non-MOCK type gradual runs. */
function proxyIntegration(
  input: PutIntegrationInput,
  resourceId: string,
  ctx: RestApiContext,
): IntegrationRecord {
  if (input.requestTemplates !== undefined)
    throw new BadRequestException('gradual does not support requestTemplates on AWS_PROXY integrations');
  if (input.type !== 'AWS_PROXY') {
    throw new BadRequestException(
      `gradual does not support integration type ${input.type}; supported: ${SUPPORTED_TYPES}`,
    );
  }
  if (!input.integrationHttpMethod)
    throw new BadRequestException('Enumeration value for HttpMethod must be non-empty');
  if (input.integrationHttpMethod !== 'POST') {
    throw new BadRequestException(
      `Lambda proxy integrations call Lambda with POST; integration httpMethod '${input.integrationHttpMethod}' cannot invoke a function`,
    );
  }
  if (!input.uri) throw new BadRequestException("Integrations of type 'AWS_PROXY' must have a URI set");
  validateLambdaUri(input.uri, ctx.account);
  const timeout = input.timeoutInMillis ?? 29000;
  if (timeout < 50 || timeout > 29000) {
    throw new BadRequestException('Timeout should be between 50 ms and 29000 ms');
  }
  return {
    type: 'AWS_PROXY',
    httpMethod: input.integrationHttpMethod,
    uri: input.uri,
    passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
    timeoutInMillis: timeout,
    cacheNamespace: resourceId,
    cacheKeyParameters: input.cacheKeyParameters ?? [],
    contentHandling: input.contentHandling,
  };
}

export function requireIntegration(method: MethodRecord): IntegrationRecord {
  if (!method.integration) throw new NotFoundException('No integration defined for method');
  return method.integration;
}

export interface PutMethodResponseInput extends MethodAddress {
  statusCode: string;
  responseParameters: Record<string, boolean> | undefined;
  responseModels: Record<string, string> | undefined;
}

export function decidePutMethodResponse(
  current: RestApiAggregate | undefined,
  input: PutMethodResponseInput,
  ctx: RestApiContext,
): RestApiDecision<MethodResponseRecord> {
  const { resource, method } = requireMethod(current, input, ctx);
  if (!/^[1-5]\d\d$/.test(input.statusCode)) throw new BadRequestException('Invalid status code specified');
  if (method.methodResponses[input.statusCode])
    throw new ConflictException('Response already exists for this resource');
  const response: MethodResponseRecord = {
    statusCode: input.statusCode,
    responseParameters: input.responseParameters,
    responseModels: input.responseModels,
  };
  const updated = { ...method, methodResponses: { ...method.methodResponses, [input.statusCode]: response } };
  return {
    changes: [
      { kind: 'putResource', apiId: input.apiId, resource: withMethod(resource, updated, input.httpMethod) },
    ],
    result: response,
  };
}
