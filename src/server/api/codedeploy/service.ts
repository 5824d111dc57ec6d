import { ServiceError } from '../../../common/errors.js';
import type { RpcEndpoint } from '../endpoint.js';
import type { Operation } from '../operation.js';
import { jsonRpcError } from '../protocols/json-rpc.js';
import { rpcEndpoint, type RpcService } from '../rpc-service.js';
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
import {
  batchGetDeploymentGroups,
  createDeploymentGroup,
  deleteDeploymentGroup,
  getDeploymentGroup,
  listDeploymentGroups,
  updateDeploymentGroup,
} from './groups.js';
import { putLifecycleEventHookExecutionStatus } from './hooks.js';
import { codeDeployInvalid } from './input.js';
import type { CodeDeployDeps } from './operation.js';
import {
  getApplicationRevision,
  listApplicationRevisions,
  registerApplicationRevision,
} from './revisions.js';
import { batchGetDeploymentTargets, getDeploymentTarget, listDeploymentTargets } from './targets.js';

export const CODEDEPLOY_OPERATIONS: readonly Operation<CodeDeployDeps>[] = [
  createApplication,
  getApplication,
  listApplications,
  batchGetApplications,
  updateApplication,
  deleteApplication,
  createDeploymentGroup,
  getDeploymentGroup,
  updateDeploymentGroup,
  listDeploymentGroups,
  batchGetDeploymentGroups,
  deleteDeploymentGroup,
  createDeploymentConfig,
  getDeploymentConfig,
  listDeploymentConfigs,
  deleteDeploymentConfig,
  createDeployment,
  getDeployment,
  batchGetDeployments,
  listDeployments,
  stopDeployment,
  continueDeployment,
  listDeploymentTargets,
  getDeploymentTarget,
  batchGetDeploymentTargets,
  putLifecycleEventHookExecutionStatus,
  registerApplicationRevision,
  getApplicationRevision,
  listApplicationRevisions,
];

/** CodeDeploy over AWS JSON 1.1: `X-Amz-Target: CodeDeploy_20141006.<Operation>`. */
export const codeDeployService: RpcService<CodeDeployDeps> = {
  signingName: 'codedeploy',
  title: 'CodeDeploy',
  actionPrefix: 'codedeploy',
  protocols: [{ kind: 'json', version: '1.1', targetPrefix: 'CodeDeploy_20141006.' }],
  operations: CODEDEPLOY_OPERATIONS,
  invalid: (error, input) => codeDeployInvalid(error, input),
  // CodeDeploy models every exception as a client error: a missing deployment is a 400 too.
  writeError: (error) =>
    jsonRpcError(error.status === 404 ? new ServiceError(error.code, 400, error.message) : error, '1.1'),
};

export function codeDeployEndpoint(deps: CodeDeployDeps): RpcEndpoint {
  return rpcEndpoint(codeDeployService, deps);
}
