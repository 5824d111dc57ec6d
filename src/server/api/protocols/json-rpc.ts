import { SerializationException, type ServiceError } from '../../../common/errors.js';
import { WireMap, type Output } from '../operation.js';
import type { WireResponse } from './rest-json.js';

/** AWS JSON 1.0 and 1.1: `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON object body. */

export type JsonVersion = '1.0' | '1.1';

/** The request body as a JSON object; an empty body is an empty input. */
export function decodeJson(body: Uint8Array): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
  } catch {
    throw new SerializationException('The request body is not valid JSON.');
  }
}

/** Output members as JSON: timestamps in epoch seconds, maps as objects, undefined members left out. */
export function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof WireMap) return Object.fromEntries(value.entries.map(([k, v]) => [k, toJson(v)]));
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  return value;
}

/** An operation's output; an empty output is `{}`. */
export function jsonOutput(output: Output | undefined, version: JsonVersion): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': `application/x-amz-json-${version}` },
    body: JSON.stringify(toJson(output ?? {})),
  };
}

/** AWS JSON 1.0 / 1.1 (no query compatibility): `{"__type": code, "message": ...}`, code also in `x-amzn-ErrorType`. */
export function jsonRpcError(error: ServiceError, version: JsonVersion): WireResponse {
  return {
    status: error.status,
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.fields }),
  };
}

export function jsonRpc(output: unknown, version: JsonVersion): WireResponse {
  if (output === undefined)
    return { status: 200, headers: { 'content-type': `application/x-amz-json-${version}` }, body: '' };
  return {
    status: 200,
    headers: { 'content-type': `application/x-amz-json-${version}` },
    body: JSON.stringify(output),
  };
}
