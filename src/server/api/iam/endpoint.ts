import { errorType, type ServiceError } from '../../../common/errors.js';
import type { OperationCall } from '../../iam/authorization/index.js';
import type { IamService } from '../../iam/iam-service.js';
import type { ApiRequest, RpcEndpoint } from '../endpoint.js';
import { decodeQueryForm } from '../protocols/query-form.js';
import { queryXmlError, queryXmlResponse } from '../protocols/query-xml.js';
import type { WireResponse } from '../protocols/rest-json.js';
import { IAM_OPERATIONS } from './operations.js';

const API_VERSION = '2010-05-08';
const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

class InvalidAction extends errorType('InvalidAction', 400) {}

type Request = Omit<ApiRequest, 'caller' | 'requestId'>;

function isIam(request: Request): boolean {
  if (request.method !== 'POST' || request.rawPath !== '/') return false;
  if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return false;
  return new URLSearchParams(Buffer.from(request.body).toString('utf8')).get('Version') === API_VERSION;
}

/** IAM names a few shared errors its own way. */
function iamCode(error: ServiceError): string {
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
export function iamEndpoint(iam: IamService): RpcEndpoint {
  return {
    signingName: 'iam',
    matches: isIam,
    operation(request): OperationCall | undefined {
      const form = decodeQueryForm(request.body);
      return form.action ? { service: 'iam', operation: form.action, input: form.params } : undefined;
    },
    async handle(request: ApiRequest): Promise<WireResponse> {
      const form = decodeQueryForm(request.body);
      const operation = form.action === undefined ? undefined : IAM_OPERATIONS[form.action];
      if (!operation || !form.action) {
        throw new InvalidAction(
          `Could not find operation ${form.action ?? '(none)'} for version ${API_VERSION}`,
        );
      }
      return queryXmlResponse(NAMESPACE, form.action, await operation(form.params, iam), request.requestId);
    },
    writeError: (error, request) => queryXmlError(NAMESPACE, iamCode(error), error, request.requestId),
  };
}
