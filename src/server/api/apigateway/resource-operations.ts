import { requireIntegration, requireMethod, type MethodAddress } from '../../apigateway/rest/method-rules.js';
import { requireResource } from '../../apigateway/rest/resource-rules.js';
import type { RestApis } from '../../apigateway/rest/rest-apis.js';
import type { MethodRecord } from '../../apigateway/rest/model.js';
import {
  type ApiGatewayOperation,
  type ApiGatewayRequest,
  page,
  param,
  parseBody,
  refuseUnsupported,
} from './operation.js';
import { createResourceBody, putIntegrationBody, putMethodBody, putMethodResponseBody } from './schemas.js';
import { toIntegration, toMethod, toMethodResponse, toResource } from './wire.js';

/** Resources, methods, integrations and method responses. */

const RESOURCES = '/restapis/:restapi_id/resources';
const METHOD = `${RESOURCES}/:resource_id/methods/:http_method`;

/** `embed=methods` (or `embed=methods,...`) asks for methods in full. */
function embedsMethods(request: ApiGatewayRequest): boolean {
  return request.query.getAll('embed').some((value) => value.split(',').includes('methods'));
}

/** The method a request's path names, as it stands (NotFoundException when there is none). */
async function loadMethod(request: ApiGatewayRequest, apis: RestApis): Promise<MethodRecord> {
  const address = methodAddress(request);
  return requireMethod(await apis.load(address.apiId), address, apis.context()).method;
}

function methodAddress(request: ApiGatewayRequest): MethodAddress {
  return {
    apiId: param(request, 'restapi_id'),
    resourceId: param(request, 'resource_id'),
    httpMethod: param(request, 'http_method'),
  };
}

export const getResources: ApiGatewayOperation = {
  name: 'GetResources',
  method: 'GET',
  path: RESOURCES,
  async handle(request, apis) {
    const agg = await apis.get(param(request, 'restapi_id'));
    const all = [...agg.resources.values()].sort((a, b) => a.path.localeCompare(b.path));
    const embed = embedsMethods(request);
    return { status: 200, body: page(all, request.query, (r) => toResource(r, embed)) };
  },
};

export const getResource: ApiGatewayOperation = {
  name: 'GetResource',
  method: 'GET',
  path: `${RESOURCES}/:resource_id`,
  async handle(request, apis) {
    const agg = await apis.get(param(request, 'restapi_id'));
    return {
      status: 200,
      body: toResource(requireResource(agg, param(request, 'resource_id')), embedsMethods(request)),
    };
  },
};

export const createResource: ApiGatewayOperation = {
  name: 'CreateResource',
  method: 'POST',
  path: `${RESOURCES}/:parent_id`,
  async handle(request, apis) {
    const body = parseBody(createResourceBody, request.body);
    const resource = await apis.createResource({
      apiId: param(request, 'restapi_id'),
      parentId: param(request, 'parent_id'),
      pathPart: body.pathPart,
    });
    return { status: 201, body: toResource(resource, false) };
  },
};

export const deleteResource: ApiGatewayOperation = {
  name: 'DeleteResource',
  method: 'DELETE',
  path: `${RESOURCES}/:resource_id`,
  async handle(request, apis) {
    await apis.deleteResource({
      apiId: param(request, 'restapi_id'),
      resourceId: param(request, 'resource_id'),
    });
    return { status: 202 };
  },
};

export const putMethod: ApiGatewayOperation = {
  name: 'PutMethod',
  method: 'PUT',
  path: METHOD,
  async handle(request, apis) {
    const body = parseBody(putMethodBody, request.body);
    refuseUnsupported({
      apiKeyRequired: body.apiKeyRequired,
      authorizerId: body.authorizerId,
      requestValidatorId: body.requestValidatorId,
    });
    const method = await apis.putMethod({
      ...methodAddress(request),
      authorizationType: body.authorizationType,
      apiKeyRequired: body.apiKeyRequired,
      operationName: body.operationName,
      requestParameters: body.requestParameters,
      requestModels: body.requestModels,
    });
    return { status: 201, body: toMethod(method) };
  },
};

export const getMethod: ApiGatewayOperation = {
  name: 'GetMethod',
  method: 'GET',
  path: METHOD,
  async handle(request, apis) {
    const method = await loadMethod(request, apis);
    return { status: 200, body: toMethod(method) };
  },
};

export const deleteMethod: ApiGatewayOperation = {
  name: 'DeleteMethod',
  method: 'DELETE',
  path: METHOD,
  async handle(request, apis) {
    await apis.deleteMethod(methodAddress(request));
    return { status: 204 };
  },
};

export const putIntegration: ApiGatewayOperation = {
  name: 'PutIntegration',
  method: 'PUT',
  path: `${METHOD}/integration`,
  async handle(request, apis) {
    const body = parseBody(putIntegrationBody, request.body);
    refuseUnsupported({
      credentials: body.credentials,
      requestParameters: body.requestParameters,
      requestTemplates: body.requestTemplates,
      connectionType: body.connectionType === 'INTERNET' ? undefined : body.connectionType,
    });
    const integration = await apis.putIntegration({
      ...methodAddress(request),
      type: body.type,
      integrationHttpMethod: body.httpMethod,
      uri: body.uri,
      passthroughBehavior: body.passthroughBehavior,
      timeoutInMillis: body.timeoutInMillis,
      contentHandling: body.contentHandling,
      cacheKeyParameters: body.cacheKeyParameters,
    });
    return { status: 201, body: toIntegration(integration) };
  },
};

export const getIntegration: ApiGatewayOperation = {
  name: 'GetIntegration',
  method: 'GET',
  path: `${METHOD}/integration`,
  async handle(request, apis) {
    const method = await loadMethod(request, apis);
    return { status: 200, body: toIntegration(requireIntegration(method)) };
  },
};

export const putMethodResponse: ApiGatewayOperation = {
  name: 'PutMethodResponse',
  method: 'PUT',
  path: `${METHOD}/responses/:status_code`,
  async handle(request, apis) {
    const body = parseBody(putMethodResponseBody, request.body);
    const response = await apis.putMethodResponse({
      ...methodAddress(request),
      statusCode: param(request, 'status_code'),
      responseParameters: body.responseParameters,
      responseModels: body.responseModels,
    });
    return { status: 201, body: toMethodResponse(response) };
  },
};
