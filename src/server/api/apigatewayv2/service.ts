import { z } from 'zod';
import type { HttpApis } from '../../apigateway/http/http-apis.js';
import { NotFoundException } from '../../apigateway/rest/errors.js';
import { apiGatewayExtension } from '../apigateway/operation.js';
import { restOperation, type RestOperation } from '../rest-operation.js';
import type { Extension } from '../app.js';
import { API_GATEWAY_V2_UPDATES, corsConfigurationBody } from './update-operations.js';
import { pageItems, toApi, toIntegration, toRoute, toStage } from './wire.js';

/** Request bodies (botocore apigatewayv2 2018-11-29); unknown members are ignored, as AWS does. */
const stringMap = z.record(z.string(), z.string());
const createApiBody = z.object({
  name: z.string(),
  protocolType: z.string(),
  description: z.string().optional(),
  version: z.string().optional(),
  routeSelectionExpression: z.string().optional(),
  tags: stringMap.optional(),
  corsConfiguration: corsConfigurationBody.optional(),
});
const createIntegrationBody = z.object({
  integrationType: z.string(),
  integrationUri: z.string().optional(),
  payloadFormatVersion: z.string().optional(),
  timeoutInMillis: z.number().int().optional(),
  description: z.string().optional(),
});
const createRouteBody = z.object({
  routeKey: z.string(),
  target: z.string().optional(),
  authorizationType: z.string().optional(),
});
const createStageBody = z.object({
  stageName: z.string(),
  autoDeploy: z.boolean().optional(),
  deploymentId: z.string().optional(),
  description: z.string().optional(),
  stageVariables: stringMap.optional(),
});

const API = '/v2/apis/:apiId';
const api = { apiId: z.string() };
/** `?maxResults=` (default: all) and the opaque `?nextToken=`. */
const PAGE_QUERY = { maxResults: 'maxResults', nextToken: 'nextToken' } as const;
const pageMembers = { maxResults: z.string().optional(), nextToken: z.string().optional() };

/** Every API Gateway v2 operation gradual serves: HTTP APIs with Lambda proxy routes. */
export const API_GATEWAY_V2_OPERATIONS: readonly RestOperation<HttpApis>[] = [
  restOperation({
    name: 'CreateApi',
    http: { method: 'POST', path: '/v2/apis', status: 201 },
    input: () => createApiBody,
    async handle(body, apis: HttpApis) {
      const agg = await apis.createApi(body);
      return toApi(agg.api, apis.endpoint(agg.api.apiId));
    },
  }),
  restOperation({
    name: 'GetApis',
    http: { method: 'GET', path: '/v2/apis', query: PAGE_QUERY },
    input: () => z.object(pageMembers),
    handle: async (input, apis: HttpApis) =>
      pageItems(await apis.list(), input, (a) => toApi(a, apis.endpoint(a.apiId))),
  }),
  restOperation({
    name: 'GetApi',
    http: { method: 'GET', path: API },
    input: () => z.object(api),
    async handle(input, apis: HttpApis) {
      const agg = await apis.get(input.apiId);
      return toApi(agg.api, apis.endpoint(agg.api.apiId));
    },
  }),
  restOperation({
    name: 'DeleteApi',
    http: { method: 'DELETE', path: API, status: 204 },
    input: () => z.object(api),
    async handle(input, apis: HttpApis) {
      await apis.deleteApi(input.apiId);
      return undefined;
    },
  }),
  restOperation({
    name: 'CreateIntegration',
    http: { method: 'POST', path: `${API}/integrations`, status: 201 },
    input: () => createIntegrationBody.extend(api),
    handle: async (body, apis: HttpApis) => toIntegration(await apis.createIntegration(body)),
  }),
  restOperation({
    name: 'GetIntegrations',
    http: { method: 'GET', path: `${API}/integrations`, query: PAGE_QUERY },
    input: () => z.object({ ...api, ...pageMembers }),
    handle: async (input, apis: HttpApis) =>
      pageItems((await apis.get(input.apiId)).integrations, input, toIntegration),
  }),
  restOperation({
    name: 'GetIntegration',
    http: { method: 'GET', path: `${API}/integrations/:integrationId` },
    input: () => z.object({ ...api, integrationId: z.string() }),
    async handle(input, apis: HttpApis) {
      const agg = await apis.get(input.apiId);
      const found = agg.integrations.find((i) => i.integrationId === input.integrationId);
      if (!found)
        throw new NotFoundException(`Invalid integration identifier specified ${input.integrationId}`);
      return toIntegration(found);
    },
  }),
  restOperation({
    name: 'CreateRoute',
    http: { method: 'POST', path: `${API}/routes`, status: 201 },
    input: () => createRouteBody.extend(api),
    handle: async (body, apis: HttpApis) => toRoute(await apis.createRoute(body)),
  }),
  restOperation({
    name: 'GetRoutes',
    http: { method: 'GET', path: `${API}/routes`, query: PAGE_QUERY },
    input: () => z.object({ ...api, ...pageMembers }),
    handle: async (input, apis: HttpApis) => pageItems((await apis.get(input.apiId)).routes, input, toRoute),
  }),
  restOperation({
    name: 'DeleteRoute',
    http: { method: 'DELETE', path: `${API}/routes/:routeId`, status: 204 },
    input: () => z.object({ ...api, routeId: z.string() }),
    async handle(input, apis: HttpApis) {
      await apis.deleteRoute(input);
      return undefined;
    },
  }),
  restOperation({
    name: 'CreateStage',
    http: { method: 'POST', path: `${API}/stages`, status: 201 },
    input: () => createStageBody.extend(api),
    handle: async (body, apis: HttpApis) => toStage(await apis.createStage(body)),
  }),
  restOperation({
    name: 'GetStages',
    http: { method: 'GET', path: `${API}/stages`, query: PAGE_QUERY },
    input: () => z.object({ ...api, ...pageMembers }),
    handle: async (input, apis: HttpApis) => pageItems((await apis.get(input.apiId)).stages, input, toStage),
  }),
];

/** API Gateway v2's control API on the main port: REST-JSON under `/v2/apis`. */
export function apiGatewayV2Service(apis: HttpApis): Extension {
  return apiGatewayExtension('/v2/apis', [...API_GATEWAY_V2_OPERATIONS, ...API_GATEWAY_V2_UPDATES], apis);
}
