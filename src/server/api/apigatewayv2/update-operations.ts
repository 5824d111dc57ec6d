import { z } from 'zod';
import type { HttpApis } from '../../apigateway/http/http-apis.js';
import { restOperation, type RestOperation } from '../rest-operation.js';
import { toApi, toIntegration, toRoute, toStage } from './wire.js';

/** The API Gateway v2 operations that change or remove what an HTTP API has (botocore 2018-11-29). */

const API = '/v2/apis/:apiId';
const api = { apiId: z.string() };

/** `corsConfiguration` on CreateApi and UpdateApi (botocore `Cors`). */
export const corsConfigurationBody = z.object({
  allowCredentials: z.boolean().optional(),
  allowHeaders: z.array(z.string()).optional(),
  allowMethods: z.array(z.string()).optional(),
  allowOrigins: z.array(z.string()).optional(),
  exposeHeaders: z.array(z.string()).optional(),
  maxAge: z.number().int().optional(),
});

export const API_GATEWAY_V2_UPDATES: readonly RestOperation<HttpApis>[] = [
  restOperation({
    name: 'UpdateApi',
    http: { method: 'PATCH', path: API },
    input: () =>
      z.object({
        ...api,
        name: z.string().optional(),
        description: z.string().optional(),
        version: z.string().optional(),
        corsConfiguration: corsConfigurationBody.optional(),
      }),
    async handle(body, apis: HttpApis) {
      const updated = await apis.updateApi(body);
      return toApi(updated, apis.endpoint(updated.apiId));
    },
  }),
  restOperation({
    name: 'DeleteCorsConfiguration',
    http: { method: 'DELETE', path: `${API}/cors`, status: 204 },
    input: () => z.object(api),
    async handle(input, apis: HttpApis) {
      await apis.deleteCorsConfiguration(input.apiId);
      return undefined;
    },
  }),
  restOperation({
    name: 'UpdateIntegration',
    http: { method: 'PATCH', path: `${API}/integrations/:integrationId` },
    input: () =>
      z.object({
        ...api,
        integrationId: z.string(),
        integrationType: z.string().optional(),
        integrationUri: z.string().optional(),
        payloadFormatVersion: z.string().optional(),
        timeoutInMillis: z.number().int().optional(),
        description: z.string().optional(),
      }),
    handle: async (body, apis: HttpApis) => toIntegration(await apis.updateIntegration(body)),
  }),
  restOperation({
    name: 'DeleteIntegration',
    http: { method: 'DELETE', path: `${API}/integrations/:integrationId`, status: 204 },
    input: () => z.object({ ...api, integrationId: z.string() }),
    async handle(input, apis: HttpApis) {
      await apis.deleteIntegration(input);
      return undefined;
    },
  }),
  restOperation({
    name: 'UpdateRoute',
    http: { method: 'PATCH', path: `${API}/routes/:routeId` },
    input: () =>
      z.object({
        ...api,
        routeId: z.string(),
        routeKey: z.string().optional(),
        target: z.string().optional(),
        authorizationType: z.string().optional(),
      }),
    handle: async (body, apis: HttpApis) => toRoute(await apis.updateRoute(body)),
  }),
  restOperation({
    name: 'UpdateStage',
    http: { method: 'PATCH', path: `${API}/stages/:stageName` },
    input: () =>
      z.object({
        ...api,
        stageName: z.string(),
        autoDeploy: z.boolean().optional(),
        description: z.string().optional(),
        stageVariables: z.record(z.string(), z.string()).optional(),
      }),
    handle: async (body, apis: HttpApis) => toStage(await apis.updateStage(body)),
  }),
  restOperation({
    name: 'DeleteStage',
    http: { method: 'DELETE', path: `${API}/stages/:stageName`, status: 204 },
    input: () => z.object({ ...api, stageName: z.string() }),
    async handle(input, apis: HttpApis) {
      await apis.deleteStage(input);
      return undefined;
    },
  }),
];
