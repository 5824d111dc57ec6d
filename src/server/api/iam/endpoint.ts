import type { ServiceError } from '../../../common/errors.js';
import { ValidationError } from '../../iam/errors.js';
import type { IamService } from '../../iam/iam-service.js';
import type { RpcEndpoint } from '../endpoint.js';
import { queryXmlError } from '../protocols/query-xml.js';
import { rpcEndpoint, type RpcService } from '../rpc-service.js';
import { coralInvalid } from '../validation.js';
import { IAM_OPERATIONS } from './operations.js';

const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** IAM names a few shared errors its own way. */
function iamCode(error: ServiceError): string {
  if (error.code === 'ServiceUnavailable') return error.code;
  if (error.status >= 500) return 'ServiceFailure';
  switch (error.code) {
    case 'ValidationException':
      return 'ValidationError';
    case 'AccessDeniedException':
      return 'AccessDenied';
    case 'UnknownOperationException':
      return 'InvalidAction';
    default:
      return error.code;
  }
}

/**
 * IAM on the shared port, in the query protocol that `aws iam` and @aws-sdk/client-iam speak
 * (form-encoded `Action=<Op>&Version=2010-05-08`, XML answers). IAM is global: clients sign for
 * the service `iam` in us-east-1.
 */
export const iamService: RpcService<IamService> = {
  signingName: 'iam',
  title: 'IAM',
  actionPrefix: 'iam',
  protocols: [{ kind: 'query', version: '2010-05-08', namespace: NAMESPACE }],
  operations: IAM_OPERATIONS,
  invalid: (error, input) =>
    coralInvalid(error, input, { json: false, validation: (message) => new ValidationError(message) }),
  writeError: (error, _protocol, request) =>
    queryXmlError(NAMESPACE, iamCode(error), error, request.requestId),
};

export function iamEndpoint(iam: IamService): RpcEndpoint {
  return rpcEndpoint(iamService, iam);
}
