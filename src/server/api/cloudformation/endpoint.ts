import { errorType, type ServiceError } from '../../../common/errors.js';
import type { ApiRequest, RpcEndpoint } from '../endpoint.js';
import type { WireResponse } from '../protocols/rest-json.js';
import { decodeQueryForm } from '../protocols/query-form.js';
import { OPERATIONS, type CfnApiDeps } from './operations.js';
import { queryError, queryResponse } from './wire.js';

class InvalidAction extends errorType('InvalidAction', 400) {}

const API_VERSION = '2010-05-15';

function isCloudFormation(request: Omit<ApiRequest, 'caller' | 'requestId'>): boolean {
  if (request.method !== 'POST' || request.rawPath !== '/') return false;
  if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return false;
  return new URLSearchParams(Buffer.from(request.body).toString('utf8')).get('Version') === API_VERSION;
}

/** CloudFormation on the shared port, in the awsQuery protocol every CLI and SDK speaks to it. */
export function cloudFormationEndpoint(deps: CfnApiDeps): RpcEndpoint {
  return {
    signingName: 'cloudformation',
    matches: isCloudFormation,
    operation(request) {
      const form = decodeQueryForm(request.body);
      return form.action
        ? { service: 'cloudformation', operation: form.action, input: form.params }
        : undefined;
    },
    async handle(request: ApiRequest): Promise<WireResponse> {
      const form = decodeQueryForm(request.body);
      const action = form.action ?? '';
      const op = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined;
      if (!op)
        throw new InvalidAction(`Could not find operation ${action || '(none)'} for version ${API_VERSION}`);
      return queryResponse(action, await op(form.params, deps), request.requestId);
    },
    writeError: (error: ServiceError, request) => queryError(error, request.requestId),
  };
}
