import type { ServiceError } from '../../../common/errors.js';

/** A response before it is put on the wire; each protocol writer produces one. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

/** Errors whose body member is `Message`; the rest use `message` (Smithy's restJson1 protocol, error responses). */
const CAPITAL_MESSAGE = new Set(['ResourceNotFoundException']);
/** Errors whose body has no `Type`. */
const UNTYPED = new Set(['ValidationException']);

/** Lambda's REST-JSON error: the code in `x-amzn-ErrorType` and, for older clients, `__type`. */
export function restJsonError(error: ServiceError): WireResponse {
  const body: Record<string, unknown> = { __type: error.code };
  if (!UNTYPED.has(error.code)) body['Type'] = error.status >= 500 ? 'Service' : 'User';
  body[CAPITAL_MESSAGE.has(error.code) ? 'Message' : 'message'] = error.message;
  Object.assign(body, error.fields);
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
    body: JSON.stringify(body),
  };
}
