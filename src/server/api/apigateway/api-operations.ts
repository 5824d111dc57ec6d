import { z } from 'zod';
import type { RestApis } from '../../apigateway/rest/rest-apis.js';
import { stageNotFound } from '../../apigateway/rest/errors.js';
import { requireDeployment } from '../../apigateway/rest/stage-rules.js';
import { restOperation } from '../rest-operation.js';
import { page, PAGE_QUERY, pageMembers, refuseUnsupported } from './operation.js';
import { createDeploymentBody, createRestApiBody, createStageBody, patchBody } from './schemas.js';
import { toDeployment, toRestApi, toStage } from './wire.js';

/** REST APIs, deployments and stages. */

const API = '/restapis/:restapi_id';
const api = { restapi_id: z.string() };
const stage = { ...api, stage_name: z.string() };
const deployment = { ...api, deployment_id: z.string() };

export const createRestApi = restOperation({
  name: 'CreateRestApi',
  http: { method: 'POST', path: '/restapis', status: 201 },
  input: () => createRestApiBody,
  async handle(body, apis: RestApis) {
    refuseUnsupported({ cloneFrom: body.cloneFrom, policy: body.policy });
    const agg = await apis.createRestApi({
      name: body.name,
      description: body.description,
      version: body.version,
      binaryMediaTypes: body.binaryMediaTypes,
      apiKeySource: body.apiKeySource,
      endpointTypes: body.endpointConfiguration?.types,
      disableExecuteApiEndpoint: body.disableExecuteApiEndpoint,
      tags: body.tags,
    });
    return toRestApi(agg.api);
  },
});

export const getRestApis = restOperation({
  name: 'GetRestApis',
  http: { method: 'GET', path: '/restapis', query: PAGE_QUERY },
  input: () => z.object(pageMembers),
  handle: async (input, apis: RestApis) => page(await apis.list(), input, toRestApi),
});

export const getRestApi = restOperation({
  name: 'GetRestApi',
  http: { method: 'GET', path: API },
  input: () => z.object(api),
  handle: async (input, apis: RestApis) => toRestApi((await apis.get(input.restapi_id)).api),
});

export const updateRestApi = restOperation({
  name: 'UpdateRestApi',
  http: { method: 'PATCH', path: API },
  input: () => patchBody.extend(api),
  async handle(body, apis: RestApis) {
    const updated = await apis.updateRestApi({
      apiId: body.restapi_id,
      patchOperations: body.patchOperations,
    });
    return toRestApi(updated);
  },
});

export const deleteRestApi = restOperation({
  name: 'DeleteRestApi',
  http: { method: 'DELETE', path: API, status: 202 },
  input: () => z.object(api),
  async handle(input, apis: RestApis) {
    await apis.deleteRestApi(input.restapi_id);
    return undefined;
  },
});

export const createDeployment = restOperation({
  name: 'CreateDeployment',
  http: { method: 'POST', path: `${API}/deployments`, status: 201 },
  input: () => createDeploymentBody.extend(api),
  async handle(body, apis: RestApis) {
    refuseUnsupported({
      canarySettings: body.canarySettings,
      cacheClusterEnabled: body.cacheClusterEnabled,
      tracingEnabled: body.tracingEnabled,
    });
    const created = await apis.createDeployment(body.restapi_id, {
      stageName: body.stageName,
      stageDescription: body.stageDescription,
      description: body.description,
      variables: body.variables,
    });
    return toDeployment(created);
  },
});

export const getDeployments = restOperation({
  name: 'GetDeployments',
  http: { method: 'GET', path: `${API}/deployments`, query: PAGE_QUERY },
  input: () => z.object({ ...api, ...pageMembers }),
  async handle(input, apis: RestApis) {
    const agg = await apis.get(input.restapi_id);
    const all = [...agg.deployments.values()].sort((a, b) => a.createdDate - b.createdDate);
    return page(all, input, toDeployment);
  },
});

export const getStages = restOperation({
  name: 'GetStages',
  http: { method: 'GET', path: `${API}/stages`, query: { deploymentId: 'deploymentId' } },
  input: () => z.object({ ...api, deploymentId: z.string().optional() }),
  async handle(input, apis: RestApis) {
    const agg = await apis.get(input.restapi_id);
    const stages = [...agg.stages.values()].filter(
      (s) => input.deploymentId === undefined || s.deploymentId === input.deploymentId,
    );
    return { item: stages.map(toStage) };
  },
});

export const getStage = restOperation({
  name: 'GetStage',
  http: { method: 'GET', path: `${API}/stages/:stage_name` },
  input: () => z.object(stage),
  async handle(input, apis: RestApis) {
    const found = (await apis.get(input.restapi_id)).stages.get(input.stage_name);
    if (!found) throw stageNotFound();
    return toStage(found);
  },
});

export const getDeployment = restOperation({
  name: 'GetDeployment',
  http: { method: 'GET', path: `${API}/deployments/:deployment_id` },
  input: () => z.object(deployment),
  handle: async (input, apis: RestApis) =>
    toDeployment(requireDeployment(await apis.get(input.restapi_id), input.deployment_id)),
});

export const deleteDeployment = restOperation({
  name: 'DeleteDeployment',
  http: { method: 'DELETE', path: `${API}/deployments/:deployment_id`, status: 202 },
  input: () => z.object(deployment),
  async handle(input, apis: RestApis) {
    await apis.deleteDeployment({ apiId: input.restapi_id, deploymentId: input.deployment_id });
    return undefined;
  },
});

export const createStage = restOperation({
  name: 'CreateStage',
  http: { method: 'POST', path: `${API}/stages`, status: 201 },
  input: () => createStageBody.extend(api),
  async handle(body, apis: RestApis) {
    refuseUnsupported({
      canarySettings: body.canarySettings,
      cacheClusterEnabled: body.cacheClusterEnabled,
      tracingEnabled: body.tracingEnabled,
    });
    const created = await apis.createStage({
      apiId: body.restapi_id,
      stageName: body.stageName,
      deploymentId: body.deploymentId,
      description: body.description,
      variables: body.variables,
    });
    return toStage(created);
  },
});

export const updateStage = restOperation({
  name: 'UpdateStage',
  http: { method: 'PATCH', path: `${API}/stages/:stage_name` },
  input: () => patchBody.extend(stage),
  async handle(body, apis: RestApis) {
    const updated = await apis.updateStage({
      apiId: body.restapi_id,
      stageName: body.stage_name,
      patchOperations: body.patchOperations,
    });
    return toStage(updated);
  },
});

export const deleteStage = restOperation({
  name: 'DeleteStage',
  http: { method: 'DELETE', path: `${API}/stages/:stage_name`, status: 202 },
  input: () => z.object(stage),
  async handle(input, apis: RestApis) {
    await apis.deleteStage({ apiId: input.restapi_id, stageName: input.stage_name });
    return undefined;
  },
});
