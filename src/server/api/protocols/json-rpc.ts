import type { ServiceError } from '../../../common/errors.js';
import type { WireResponse } from './rest-json.js';

/** AWS JSON 1.0 / 1.1 (no query compatibility): `{"__type": code, "message": ...}`, code also in `x-amzn-ErrorType`. */
export function jsonRpcError(error: ServiceError, version: '1.0' | '1.1'): WireResponse {
  return {
    status: error.status,
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.fields }),
  };
}

export function jsonRpc(output: unknown, version: '1.0' | '1.1'): WireResponse {
  if (output === undefined)
    return { status: 200, headers: { 'content-type': `application/x-amz-json-${version}` }, body: '' };
  return {
    status: 200,
    headers: { 'content-type': `application/x-amz-json-${version}` },
    body: JSON.stringify(output),
  };
}
