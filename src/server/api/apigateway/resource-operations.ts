import { z } from 'zod';
import { requireIntegration, requireMethod, type MethodAddress } from '../../apigateway/rest/method-rules.js';
import { requireResource } from '../../apigateway/rest/resource-rules.js';
import type { RestApis } from '../../apigateway/rest/rest-apis.js';
import type { MethodRecord } from '../../apigateway/rest/model.js';
import { restOperation } from '../rest-operation.js';
import { page, PAGE_QUERY, pageMembers, refuseUnsupported } from './operation.js';
import {
  createResourceBody,
  putIntegrationBody,
  putIntegrationResponseBody,
  putMethodBody,
  putMethodResponseBody,
} from './schemas.js';
import { toIntegration, toIntegrationResponse, toMethod, toMethodResponse, toResource } from './wire.js';

/** Resources, methods, integrations and method responses. */

const RESOURCES = '/restapis/:restapi_id/resources';
const METHOD = `${RESOURCES}/:resource_id/methods/:http_method`;

const api = { restapi_id: z.string() };
const resource = { ...api, resource_id: z.string() };
const method = { ...resource, http_method: z.string() };

/** `?embed=methods` (or `embed=methods,...`) asks for methods in full. */
const embed = {
  query: { embed: ['embed'] },
  member: z
    .array(z.string())
    .optional()
    .transform((values) => (values ?? []).some((value) => value.split(',').includes('methods'))),
} as const;

function methodAddress(input: {
  restapi_id: string;
  resource_id: string;
  http_method: string;
}): MethodAddress {
  return { apiId: input.restapi_id, resourceId: input.resource_id, httpMethod: input.http_method };
}

/** The method a request's path names, as it stands (NotFoundException when there is none). */
async function loadMethod(address: MethodAddress, apis: RestApis): Promise<MethodRecord> {
  return requireMethod(await apis.load(address.apiId), address, apis.context()).method;
}

export const getResources = restOperation({
  name: 'GetResources',
  http: { method: 'GET', path: RESOURCES, query: { ...PAGE_QUERY, ...embed.query } },
  input: () => z.object({ ...api, ...pageMembers, embed: embed.member }),
  async handle(input, apis: RestApis) {
    const agg = await apis.get(input.restapi_id);
    const all = [...agg.resources.values()].sort((a, b) => a.path.localeCompare(b.path));
    return page(all, input, (r) => toResource(r, input.embed));
  },
});

export const getResource = restOperation({
  name: 'GetResource',
  http: { method: 'GET', path: `${RESOURCES}/:resource_id`, query: embed.query },
  input: () => z.object({ ...resource, embed: embed.member }),
  handle: async (input, apis: RestApis) =>
    toResource(requireResource(await apis.get(input.restapi_id), input.resource_id), input.embed),
});

export const createResource = restOperation({
  name: 'CreateResource',
  http: { method: 'POST', path: `${RESOURCES}/:parent_id`, status: 201 },
  input: () => createResourceBody.extend({ ...api, parent_id: z.string() }),
  async handle(body, apis: RestApis) {
    const created = await apis.createResource({
      apiId: body.restapi_id,
      parentId: body.parent_id,
      pathPart: body.pathPart,
    });
    return toResource(created, false);
  },
});

export const deleteResource = restOperation({
  name: 'DeleteResource',
  http: { method: 'DELETE', path: `${RESOURCES}/:resource_id`, status: 202 },
  input: () => z.object(resource),
  async handle(input, apis: RestApis) {
    await apis.deleteResource({ apiId: input.restapi_id, resourceId: input.resource_id });
    return undefined;
  },
});

export const putMethod = restOperation({
  name: 'PutMethod',
  http: { method: 'PUT', path: METHOD, status: 201 },
  input: () => putMethodBody.extend(method),
  async handle(body, apis: RestApis) {
    refuseUnsupported({
      apiKeyRequired: body.apiKeyRequired,
      authorizerId: body.authorizerId,
      requestValidatorId: body.requestValidatorId,
    });
    const put = await apis.putMethod({
      ...methodAddress(body),
      authorizationType: body.authorizationType,
      apiKeyRequired: body.apiKeyRequired,
      operationName: body.operationName,
      requestParameters: body.requestParameters,
      requestModels: body.requestModels,
    });
    return toMethod(put);
  },
});

export const getMethod = restOperation({
  name: 'GetMethod',
  http: { method: 'GET', path: METHOD },
  input: () => z.object(method),
  handle: async (input, apis: RestApis) => toMethod(await loadMethod(methodAddress(input), apis)),
});

export const deleteMethod = restOperation({
  name: 'DeleteMethod',
  http: { method: 'DELETE', path: METHOD, status: 204 },
  input: () => z.object(method),
  async handle(input, apis: RestApis) {
    await apis.deleteMethod(methodAddress(input));
    return undefined;
  },
});

export const putIntegration = restOperation({
  name: 'PutIntegration',
  http: { method: 'PUT', path: `${METHOD}/integration`, status: 201 },
  input: () => putIntegrationBody.extend(method),
  async handle(body, apis: RestApis) {
    refuseUnsupported({
      credentials: body.credentials,
      requestParameters: body.requestParameters,
      connectionType: body.connectionType === 'INTERNET' ? undefined : body.connectionType,
    });
    const integration = await apis.putIntegration({
      ...methodAddress(body),
      type: body.type,
      integrationHttpMethod: body.httpMethod,
      uri: body.uri,
      passthroughBehavior: body.passthroughBehavior,
      timeoutInMillis: body.timeoutInMillis,
      contentHandling: body.contentHandling,
      cacheKeyParameters: body.cacheKeyParameters,
      requestTemplates: body.requestTemplates,
    });
    return toIntegration(integration);
  },
});

export const getIntegration = restOperation({
  name: 'GetIntegration',
  http: { method: 'GET', path: `${METHOD}/integration` },
  input: () => z.object(method),
  handle: async (input, apis: RestApis) =>
    toIntegration(requireIntegration(await loadMethod(methodAddress(input), apis))),
});

export const putIntegrationResponse = restOperation({
  name: 'PutIntegrationResponse',
  http: { method: 'PUT', path: `${METHOD}/integration/responses/:status_code`, status: 201 },
  input: () => putIntegrationResponseBody.extend({ ...method, status_code: z.string() }),
  async handle(body, apis: RestApis) {
    refuseUnsupported({ contentHandling: body.contentHandling });
    const response = await apis.putIntegrationResponse({
      ...methodAddress(body),
      statusCode: body.status_code,
      selectionPattern: body.selectionPattern,
      responseParameters: body.responseParameters,
      responseTemplates: body.responseTemplates,
    });
    return toIntegrationResponse(response);
  },
});

export const putMethodResponse = restOperation({
  name: 'PutMethodResponse',
  http: { method: 'PUT', path: `${METHOD}/responses/:status_code`, status: 201 },
  input: () => putMethodResponseBody.extend({ ...method, status_code: z.string() }),
  async handle(body, apis: RestApis) {
    const response = await apis.putMethodResponse({
      ...methodAddress(body),
      statusCode: body.status_code,
      responseParameters: body.responseParameters,
      responseModels: body.responseModels,
    });
    return toMethodResponse(response);
  },
});
