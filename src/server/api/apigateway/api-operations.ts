import { stageNotFound } from '../../apigateway/rest/errors.js';
import { requireDeployment } from '../../apigateway/rest/stage-rules.js';
import { type ApiGatewayOperation, page, param, parseBody, refuseUnsupported } from './operation.js';
import { createDeploymentBody, createRestApiBody, patchBody } from './schemas.js';
import { toDeployment, toRestApi, toStage } from './wire.js';

/** REST APIs, deployments and stages. */

const API = '/restapis/:restapi_id';

export const createRestApi: ApiGatewayOperation = {
  name: 'CreateRestApi',
  method: 'POST',
  path: '/restapis',
  async handle(request, apis) {
    const body = parseBody(createRestApiBody, request.body);
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
    return { status: 201, body: toRestApi(agg.api) };
  },
};

export const getRestApis: ApiGatewayOperation = {
  name: 'GetRestApis',
  method: 'GET',
  path: '/restapis',
  async handle(request, apis) {
    return { status: 200, body: page(await apis.list(), request.query, toRestApi) };
  },
};

export const getRestApi: ApiGatewayOperation = {
  name: 'GetRestApi',
  method: 'GET',
  path: API,
  async handle(request, apis) {
    return { status: 200, body: toRestApi((await apis.get(param(request, 'restapi_id'))).api) };
  },
};

export const deleteRestApi: ApiGatewayOperation = {
  name: 'DeleteRestApi',
  method: 'DELETE',
  path: API,
  async handle(request, apis) {
    await apis.deleteRestApi(param(request, 'restapi_id'));
    return { status: 202 };
  },
};

export const createDeployment: ApiGatewayOperation = {
  name: 'CreateDeployment',
  method: 'POST',
  path: `${API}/deployments`,
  async handle(request, apis) {
    const body = parseBody(createDeploymentBody, request.body);
    refuseUnsupported({
      canarySettings: body.canarySettings,
      cacheClusterEnabled: body.cacheClusterEnabled,
      tracingEnabled: body.tracingEnabled,
    });
    const deployment = await apis.createDeployment(param(request, 'restapi_id'), {
      stageName: body.stageName,
      stageDescription: body.stageDescription,
      description: body.description,
      variables: body.variables,
    });
    return { status: 201, body: toDeployment(deployment) };
  },
};

export const getDeployments: ApiGatewayOperation = {
  name: 'GetDeployments',
  method: 'GET',
  path: `${API}/deployments`,
  async handle(request, apis) {
    const agg = await apis.get(param(request, 'restapi_id'));
    const all = [...agg.deployments.values()].sort((a, b) => a.createdDate - b.createdDate);
    return { status: 200, body: page(all, request.query, toDeployment) };
  },
};

export const getStages: ApiGatewayOperation = {
  name: 'GetStages',
  method: 'GET',
  path: `${API}/stages`,
  async handle(request, apis) {
    const agg = await apis.get(param(request, 'restapi_id'));
    const deploymentId = request.query.get('deploymentId');
    const stages = [...agg.stages.values()].filter(
      (s) => deploymentId === null || s.deploymentId === deploymentId,
    );
    return { status: 200, body: { item: stages.map(toStage) } };
  },
};

export const getStage: ApiGatewayOperation = {
  name: 'GetStage',
  method: 'GET',
  path: `${API}/stages/:stage_name`,
  async handle(request, apis) {
    const agg = await apis.get(param(request, 'restapi_id'));
    const stage = agg.stages.get(param(request, 'stage_name'));
    if (!stage) throw stageNotFound();
    return { status: 200, body: toStage(stage) };
  },
};

export const getDeployment: ApiGatewayOperation = {
  name: 'GetDeployment',
  method: 'GET',
  path: `${API}/deployments/:deployment_id`,
  async handle(request, apis) {
    const agg = await apis.get(param(request, 'restapi_id'));
    return { status: 200, body: toDeployment(requireDeployment(agg, param(request, 'deployment_id'))) };
  },
};

export const deleteDeployment: ApiGatewayOperation = {
  name: 'DeleteDeployment',
  method: 'DELETE',
  path: `${API}/deployments/:deployment_id`,
  async handle(request, apis) {
    await apis.deleteDeployment({
      apiId: param(request, 'restapi_id'),
      deploymentId: param(request, 'deployment_id'),
    });
    return { status: 202 };
  },
};

export const updateStage: ApiGatewayOperation = {
  name: 'UpdateStage',
  method: 'PATCH',
  path: `${API}/stages/:stage_name`,
  async handle(request, apis) {
    const body = parseBody(patchBody, request.body);
    const stage = await apis.updateStage({
      apiId: param(request, 'restapi_id'),
      stageName: param(request, 'stage_name'),
      patchOperations: (body.patchOperations ?? []).map((p) => ({ op: p.op, path: p.path, value: p.value })),
    });
    return { status: 200, body: toStage(stage) };
  },
};

export const deleteStage: ApiGatewayOperation = {
  name: 'DeleteStage',
  method: 'DELETE',
  path: `${API}/stages/:stage_name`,
  async handle(request, apis) {
    await apis.deleteStage({ apiId: param(request, 'restapi_id'), stageName: param(request, 'stage_name') });
    return { status: 202 };
  },
};
