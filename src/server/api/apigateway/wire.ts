import { assertNever, type ServiceError } from '../../../common/errors.js';
import type {
  DeploymentRecord,
  IntegrationRecord,
  IntegrationResponseRecord,
  MethodRecord,
  MethodResponseRecord,
  ResourceRecord,
  RestApiRecord,
  StageRecord,
} from '../../apigateway/rest/model.js';
import type { WireResponse } from '../protocols/rest-json.js';

/**
 * API Gateway's REST-JSON shapes (botocore apigateway 2015-07-09): lowerCamelCase members,
 * timestamps as epoch seconds, lists under `item`, errors as `{"message"}` with the code in
 * `x-amzn-ErrorType`.
 */

/** Drops undefined members: AWS omits absent optional fields rather than sending null. */
function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function apiGatewayError(error: ServiceError): WireResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
    body: JSON.stringify({ message: error.message }),
  };
}

export function toRestApi(api: RestApiRecord): Record<string, unknown> {
  return compact({
    id: api.id,
    name: api.name,
    description: api.description,
    createdDate: api.createdDate,
    version: api.version,
    binaryMediaTypes: api.binaryMediaTypes,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: { types: api.endpointTypes, ipAddressType: 'ipv4' },
    tags: api.tags,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
  });
}

export function toIntegration(integration: IntegrationRecord): Record<string, unknown> {
  switch (integration.type) {
    case 'AWS_PROXY':
      return compact({
        type: integration.type,
        httpMethod: integration.httpMethod,
        uri: integration.uri,
        passthroughBehavior: integration.passthroughBehavior,
        contentHandling: integration.contentHandling,
        timeoutInMillis: integration.timeoutInMillis,
        cacheNamespace: integration.cacheNamespace,
        cacheKeyParameters: integration.cacheKeyParameters,
      });
    case 'MOCK': {
      const responses = Object.values(integration.integrationResponses);
      return compact({
        type: integration.type,
        requestTemplates: integration.requestTemplates,
        passthroughBehavior: integration.passthroughBehavior,
        timeoutInMillis: integration.timeoutInMillis,
        cacheNamespace: integration.cacheNamespace,
        cacheKeyParameters: integration.cacheKeyParameters,
        integrationResponses:
          responses.length === 0
            ? undefined
            : Object.fromEntries(responses.map((r) => [r.statusCode, toIntegrationResponse(r)])),
      });
    }
    default:
      return assertNever(integration);
  }
}

export function toIntegrationResponse(response: IntegrationResponseRecord): Record<string, unknown> {
  return compact({
    statusCode: response.statusCode,
    selectionPattern: response.selectionPattern,
    responseParameters: response.responseParameters,
    responseTemplates: response.responseTemplates,
  });
}

export function toMethodResponse(response: MethodResponseRecord): Record<string, unknown> {
  return compact({
    statusCode: response.statusCode,
    responseParameters: response.responseParameters,
    responseModels: response.responseModels,
  });
}

export function toMethod(method: MethodRecord): Record<string, unknown> {
  const responses = Object.values(method.methodResponses);
  return compact({
    httpMethod: method.httpMethod,
    authorizationType: method.authorizationType,
    apiKeyRequired: method.apiKeyRequired,
    operationName: method.operationName,
    requestParameters: method.requestParameters,
    requestModels: method.requestModels,
    methodResponses:
      responses.length === 0
        ? undefined
        : Object.fromEntries(responses.map((r) => [r.statusCode, toMethodResponse(r)])),
    methodIntegration: method.integration ? toIntegration(method.integration) : undefined,
  });
}

/** A resource; its methods in full with `embed=methods`, else as empty objects, as API Gateway lists them. */
export function toResource(resource: ResourceRecord, embedMethods: boolean): Record<string, unknown> {
  const methods = Object.values(resource.methods);
  return compact({
    id: resource.id,
    parentId: resource.parentId,
    pathPart: resource.pathPart,
    path: resource.path,
    resourceMethods:
      methods.length === 0
        ? undefined
        : Object.fromEntries(methods.map((m) => [m.httpMethod, embedMethods ? toMethod(m) : {}])),
  });
}

export function toDeployment(deployment: DeploymentRecord): Record<string, unknown> {
  return compact({
    id: deployment.id,
    description: deployment.description,
    createdDate: deployment.createdDate,
  });
}

export function toStage(stage: StageRecord): Record<string, unknown> {
  return compact({
    deploymentId: stage.deploymentId,
    stageName: stage.stageName,
    description: stage.description,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: {},
    variables: stage.variables,
    tracingEnabled: false,
    createdDate: stage.createdDate,
    lastUpdatedDate: stage.lastUpdatedDate,
  });
}
