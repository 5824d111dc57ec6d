import type { ServiceError } from '../../../common/errors.js';
import { ValidationError } from '../../cloudformation/errors.js';
import type { RpcEndpoint } from '../endpoint.js';
import { queryXmlError } from '../protocols/query-xml.js';
import { rpcEndpoint, type RpcService } from '../rpc-service.js';
import { coralInvalid } from '../validation.js';
import { CHANGE_SET_OPERATIONS } from './change-set-ops.js';
import type { CfnApiDeps } from './inputs.js';
import { STACK_OPERATIONS } from './stack-ops.js';
import { TEMPLATE_OPERATIONS } from './template-ops.js';

export type { CfnApiDeps } from './inputs.js';

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** CloudFormation's codes for the errors every service shares. */
function cfnCode(error: ServiceError): string {
  switch (error.code) {
    case 'ValidationException':
      return 'ValidationError';
    case 'ServiceException':
      return 'InternalFailure';
    case 'AccessDeniedException':
      return 'AccessDenied';
    default:
      return error.code;
  }
}

/** CloudFormation on the shared port, in the awsQuery protocol every CLI and SDK speaks to it. */
export const cloudFormationService: RpcService<CfnApiDeps> = {
  signingName: 'cloudformation',
  title: 'CloudFormation',
  actionPrefix: 'cloudformation',
  protocols: [{ kind: 'query', version: '2010-05-15', namespace: NAMESPACE }],
  operations: [...STACK_OPERATIONS, ...CHANGE_SET_OPERATIONS, ...TEMPLATE_OPERATIONS],
  invalid: (error, input) =>
    coralInvalid(error, input, { json: false, validation: (message) => new ValidationError(message) }),
  writeError: (error, _protocol, request) =>
    queryXmlError(NAMESPACE, cfnCode(error), error, request.requestId),
};

export function cloudFormationEndpoint(deps: CfnApiDeps): RpcEndpoint {
  return rpcEndpoint(cloudFormationService, deps);
}
