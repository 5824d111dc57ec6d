import { ServiceError, UnknownOperationException } from '../../../common/errors.js';
import { bodyObject, type ApiRequest, type RpcEndpoint } from '../endpoint.js';
import { jsonRpc, jsonRpcError } from '../protocols/json-rpc.js';
import {
  batchGetApplications,
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  updateApplication,
} from './applications.js';
import {
  createDeploymentConfig,
  deleteDeploymentConfig,
  getDeploymentConfig,
  listDeploymentConfigs,
} from './configs.js';
import {
  batchGetDeployments,
  continueDeployment,
  createDeployment,
  getDeployment,
  listDeployments,
  stopDeployment,
} from './deployments.js';
import { InvalidInputException } from '../../deployments/errors.js';
import {
  batchGetDeploymentGroups,
  createDeploymentGroup,
  deleteDeploymentGroup,
  getDeploymentGroup,
  listDeploymentGroups,
  updateDeploymentGroup,
} from './groups.js';
import { putLifecycleEventHookExecutionStatus } from './hooks.js';
import type { CodeDeployDeps, CodeDeployOperation } from './operation.js';
import {
  getApplicationRevision,
  listApplicationRevisions,
  registerApplicationRevision,
} from './revisions.js';
import { batchGetDeploymentTargets, getDeploymentTarget, listDeploymentTargets } from './targets.js';

const TARGET_PREFIX = 'CodeDeploy_20141006.';

export const CODEDEPLOY_OPERATIONS: Readonly<Record<string, CodeDeployOperation>> = {
  CreateApplication: createApplication,
  GetApplication: getApplication,
  ListApplications: listApplications,
  BatchGetApplications: batchGetApplications,
  UpdateApplication: updateApplication,
  DeleteApplication: deleteApplication,
  CreateDeploymentGroup: createDeploymentGroup,
  GetDeploymentGroup: getDeploymentGroup,
  UpdateDeploymentGroup: updateDeploymentGroup,
  ListDeploymentGroups: listDeploymentGroups,
  BatchGetDeploymentGroups: batchGetDeploymentGroups,
  DeleteDeploymentGroup: deleteDeploymentGroup,
  CreateDeploymentConfig: createDeploymentConfig,
  GetDeploymentConfig: getDeploymentConfig,
  ListDeploymentConfigs: listDeploymentConfigs,
  DeleteDeploymentConfig: deleteDeploymentConfig,
  CreateDeployment: createDeployment,
  GetDeployment: getDeployment,
  BatchGetDeployments: batchGetDeployments,
  ListDeployments: listDeployments,
  StopDeployment: stopDeployment,
  ContinueDeployment: continueDeployment,
  ListDeploymentTargets: listDeploymentTargets,
  GetDeploymentTarget: getDeploymentTarget,
  BatchGetDeploymentTargets: batchGetDeploymentTargets,
  PutLifecycleEventHookExecutionStatus: putLifecycleEventHookExecutionStatus,
  RegisterApplicationRevision: registerApplicationRevision,
  GetApplicationRevision: getApplicationRevision,
  ListApplicationRevisions: listApplicationRevisions,
};

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new InvalidInputException(
      `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidInputException('The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** CodeDeploy (AWS JSON 1.1) on `POST /`, selected by `X-Amz-Target: CodeDeploy_20141006.<Operation>`. */
export function codeDeployEndpoint(deps: CodeDeployDeps): RpcEndpoint {
  return {
    signingName: 'codedeploy',
    matches: (request) =>
      request.method === 'POST' && (request.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX),
    operation: (request) => ({
      service: 'codedeploy',
      operation: (request.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length),
      input: bodyObject(request.body),
    }),
    async handle(request: ApiRequest) {
      const name = (request.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length);
      const operation = CODEDEPLOY_OPERATIONS[name];
      if (!operation) throw new UnknownOperationException(`CodeDeploy has no operation ${name} in gradual.`);
      return jsonRpc(await operation(parseBody(request.body), deps), '1.1');
    },
    writeError: (error: ServiceError) =>
      jsonRpcError(error.status === 404 ? new ServiceError(error.code, 400, error.message) : error, '1.1'),
  };
}
