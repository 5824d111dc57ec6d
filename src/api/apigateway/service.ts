import type { RestApis } from '../../rest-apis/rest-apis.js';
import type { Extension } from '../app.js';
import { restJson } from '../protocols/rest-json.js';
import {
  createDeployment,
  createRestApi,
  deleteDeployment,
  deleteRestApi,
  deleteStage,
  getDeployment,
  getDeployments,
  getRestApi,
  getRestApis,
  getStage,
  getStages,
  updateStage,
} from './api-operations.js';
import type { ApiGatewayOperation } from './operation.js';
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
  putMethodResponse,
} from './resource-operations.js';
import { apiGatewayError } from './wire.js';

/** Every API Gateway control operation gradual serves. */
export const API_GATEWAY_OPERATIONS: readonly ApiGatewayOperation[] = [
  createRestApi,
  getRestApis,
  getRestApi,
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
  putMethodResponse,
  createDeployment,
  getDeployments,
  getDeployment,
  deleteDeployment,
  getStages,
  getStage,
  updateStage,
  deleteStage,
];

/** API Gateway's control API on the main port: REST-JSON under `/restapis`, signed for `apigateway`. */
export function apiGatewayService(apis: RestApis): Extension {
  return {
    prefix: '/restapis',
    signingName: 'apigateway',
    writeError: apiGatewayError,
    mount(app) {
      for (const op of API_GATEWAY_OPERATIONS) {
        app.on(op.method, op.path, async (c) => {
          const response = await op.handle(
            { params: c.req.param(), query: new URL(c.req.url).searchParams, body: c.get('body') },
            apis,
          );
          const wire = restJson(response.status, response.body);
          if (wire.body === undefined) return c.body(null, wire.status as 200, wire.headers);
          return c.body(wire.body as string, wire.status as 200, wire.headers);
        });
      }
    },
  };
}
