import type { ServiceError } from '../../../common/errors.js';
import { SerializationException, UnknownOperationException } from '../../../common/errors.js';
import { bodyObject, type ApiRequest, type RpcEndpoint } from '../endpoint.js';
import { jsonRpc, jsonRpcError } from '../protocols/json-rpc.js';
import { STATES_OPERATIONS, type StatesApiDeps } from './operations.js';

const TARGET_PREFIX = 'AWSStepFunctions.';

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SerializationException('Start of structure or map found where not expected.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new SerializationException('Start of structure or map found where not expected.');
  }
  return value as Record<string, unknown>;
}

/** Step Functions (AWS JSON 1.0) on `POST /`, selected by `X-Amz-Target: AWSStepFunctions.<Operation>`, signed as `states`. */
export function stepFunctionsEndpoint(deps: StatesApiDeps): RpcEndpoint {
  return {
    signingName: 'states',
    matches: (request) =>
      request.method === 'POST' && (request.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX),
    operation: (request) => ({
      service: 'states',
      operation: (request.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length),
      input: bodyObject(request.body),
    }),
    async handle(request: ApiRequest) {
      const name = (request.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length);
      const operation = STATES_OPERATIONS[name];
      if (!operation)
        throw new UnknownOperationException(`Step Functions has no operation ${name} in gradual.`);
      return jsonRpc(await operation(parseBody(request.body), deps), '1.0');
    },
    writeError: (error: ServiceError) => jsonRpcError(error, '1.0'),
  };
}
