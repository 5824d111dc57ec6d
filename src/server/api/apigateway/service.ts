import type { RestApis } from '../../apigateway/rest/rest-apis.js';
import type { Extension } from '../app.js';
import {
  createDeployment,
  createRestApi,
  createStage,
  deleteDeployment,
  deleteRestApi,
  deleteStage,
  getDeployment,
  getDeployments,
  getRestApi,
  getRestApis,
  getStage,
  getStages,
  updateRestApi,
  updateStage,
} from './api-operations.js';
import { apiGatewayExtension, type ApiGatewayOperation } from './operation.js';
import {
  createResource,
  deleteMethod,
  deleteResource,
  getIntegration,
  getMethod,
  getResource,
  getResources,
  putIntegration,
  putMethod,
  putIntegrationResponse,
  putMethodResponse,
} from './resource-operations.js';

/** Every API Gateway control operation gradual serves. */
export const API_GATEWAY_OPERATIONS: readonly ApiGatewayOperation[] = [
  createRestApi,
  getRestApis,
  getRestApi,
  updateRestApi,
  deleteRestApi,
  getResources,
  getResource,
  createResource,
  deleteResource,
  putMethod,
  getMethod,
  deleteMethod,
  putIntegration,
  getIntegration,
  putIntegrationResponse,
  putMethodResponse,
  createDeployment,
  getDeployments,
  getDeployment,
  deleteDeployment,
  getStages,
  getStage,
  createStage,
  updateStage,
  deleteStage,
];

/** API Gateway's control API on the main port: REST-JSON under `/restapis`. */
export function apiGatewayService(apis: RestApis): Extension {
  return apiGatewayExtension('/restapis', API_GATEWAY_OPERATIONS, apis);
}
