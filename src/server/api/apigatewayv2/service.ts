import { z } from 'zod';
import type { HttpApis } from '../../apigateway/http/http-apis.js';
import { NotFoundException } from '../../apigateway/rest/errors.js';
import {
  apiGatewayExtension,
  parseBody,
  type ApiGatewayOperation,
  type ApiGatewayRequest,
} from '../apigateway/operation.js';
import type { Extension } from '../app.js';
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

type V2Request = ApiGatewayRequest;
type V2Operation = ApiGatewayOperation<HttpApis>;

const API = '/v2/apis/:apiId';
const id = (request: V2Request, name: string): string => request.params[name] ?? '';

/** Every API Gateway v2 operation gradual serves: HTTP APIs with Lambda proxy routes. */
export const API_GATEWAY_V2_OPERATIONS: readonly V2Operation[] = [
  {
    name: 'CreateApi',
    method: 'POST',
    path: '/v2/apis',
    async handle(request, apis) {
      const body = parseBody(createApiBody, request.body);
      const agg = await apis.createApi(body);
      return { status: 201, body: toApi(agg.api, apis.endpoint(agg.api.apiId)) };
    },
  },
  {
    name: 'GetApis',
    method: 'GET',
    path: '/v2/apis',
    async handle(request, apis) {
      const list = await apis.list();
      return { status: 200, body: pageItems(list, request.query, (a) => toApi(a, apis.endpoint(a.apiId))) };
    },
  },
  {
    name: 'GetApi',
    method: 'GET',
    path: API,
    async handle(request, apis) {
      const agg = await apis.get(id(request, 'apiId'));
      return { status: 200, body: toApi(agg.api, apis.endpoint(agg.api.apiId)) };
    },
  },
  {
    name: 'DeleteApi',
    method: 'DELETE',
    path: API,
    async handle(request, apis) {
      await apis.deleteApi(id(request, 'apiId'));
      return { status: 204 };
    },
  },
  {
    name: 'CreateIntegration',
    method: 'POST',
    path: `${API}/integrations`,
    async handle(request, apis) {
      const body = parseBody(createIntegrationBody, request.body);
      const integration = await apis.createIntegration({ apiId: id(request, 'apiId'), ...body });
      return { status: 201, body: toIntegration(integration) };
    },
  },
  {
    name: 'GetIntegrations',
    method: 'GET',
    path: `${API}/integrations`,
    async handle(request, apis) {
      const agg = await apis.get(id(request, 'apiId'));
      return { status: 200, body: pageItems(agg.integrations, request.query, toIntegration) };
    },
  },
  {
    name: 'GetIntegration',
    method: 'GET',
    path: `${API}/integrations/:integrationId`,
    async handle(request, apis) {
      const agg = await apis.get(id(request, 'apiId'));
      const found = agg.integrations.find((i) => i.integrationId === id(request, 'integrationId'));
      if (!found)
        throw new NotFoundException(
          `Invalid integration identifier specified ${id(request, 'integrationId')}`,
        );
      return { status: 200, body: toIntegration(found) };
    },
  },
  {
    name: 'CreateRoute',
    method: 'POST',
    path: `${API}/routes`,
    async handle(request, apis) {
      const body = parseBody(createRouteBody, request.body);
      const route = await apis.createRoute({ apiId: id(request, 'apiId'), ...body });
      return { status: 201, body: toRoute(route) };
    },
  },
  {
    name: 'GetRoutes',
    method: 'GET',
    path: `${API}/routes`,
    async handle(request, apis) {
      const agg = await apis.get(id(request, 'apiId'));
      return { status: 200, body: pageItems(agg.routes, request.query, toRoute) };
    },
  },
  {
    name: 'DeleteRoute',
    method: 'DELETE',
    path: `${API}/routes/:routeId`,
    async handle(request, apis) {
      await apis.deleteRoute({ apiId: id(request, 'apiId'), routeId: id(request, 'routeId') });
      return { status: 204 };
    },
  },
  {
    name: 'CreateStage',
    method: 'POST',
    path: `${API}/stages`,
    async handle(request, apis) {
      const body = parseBody(createStageBody, request.body);
      const stage = await apis.createStage({ apiId: id(request, 'apiId'), ...body });
      return { status: 201, body: toStage(stage) };
    },
  },
  {
    name: 'GetStages',
    method: 'GET',
    path: `${API}/stages`,
    async handle(request, apis) {
      const agg = await apis.get(id(request, 'apiId'));
      return { status: 200, body: pageItems(agg.stages, request.query, toStage) };
    },
  },
];

/** API Gateway v2's control API on the main port: REST-JSON under `/v2/apis`. */
export function apiGatewayV2Service(apis: HttpApis): Extension {
  return apiGatewayExtension('/v2/apis', API_GATEWAY_V2_OPERATIONS, apis);
}
