import type { ServiceError } from '../../../common/errors.js';
import { queryXmlError, queryXmlResponse, WireMap } from '../protocols/query-xml.js';
import type { WireResponse } from '../protocols/rest-json.js';

export const XML_NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

export { WireMap };

/** An operation's output before a protocol writes it: timestamps are Dates, maps WireMaps. */
export type Output = Record<string, unknown>;

/** Query error code -> JSON shape name, where they differ (spec §3.9). */
const SHAPES: Record<string, string> = {
  ResourceNotFound: 'ResourceNotFound',
  InvalidParameterValue: 'InvalidParameterValueException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  MissingParameter: 'MissingRequiredParameterException',
  LimitExceeded: 'LimitExceededFault',
  InvalidFormat: 'InvalidFormatFault',
  InvalidNextToken: 'InvalidNextToken',
  InternalServiceError: 'InternalServiceFault',
};

/** The code CloudWatch's query protocol (and `x-amzn-query-error`) uses for an error. */
export function queryCode(error: ServiceError): string {
  if (error.code === 'ValidationException' || error.code === 'ValidationError') return 'ValidationError';
  if (error.code === 'AccessDeniedException') return 'AccessDenied';
  if (error.status >= 500) return 'InternalServiceError';
  return error.code;
}

function jsonType(code: string): string {
  if (code === 'ValidationError') return 'com.amazon.coral.validate#ValidationException';
  if (code === 'AccessDenied') return 'com.amazon.coral.service#AccessDeniedException';
  const shape = SHAPES[code];
  return shape ? `com.amazonaws.cloudwatch.v2010_08_01#${shape}` : `com.amazon.coral.service#${code}`;
}

function toJson(value: unknown): unknown {
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

const JSON_TYPE = 'application/x-amz-json-1.0';

export function jsonResponse(output: Output | undefined): WireResponse {
  return { status: 200, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(toJson(output ?? {})) };
}

/**
 * AWS JSON 1.0 with awsQueryCompatible (spec §0.4): the shape in `__type`, the query code in
 * `x-amzn-query-error`; the modelled status only when the client sent `x-amzn-query-mode: true`.
 */
export function jsonError(error: ServiceError, queryMode: boolean): WireResponse {
  const code = queryCode(error);
  const body: Record<string, unknown> = { __type: jsonType(code) };
  if (error.message) body['message'] = error.message;
  const fault = error.status >= 500 ? 'Receiver' : 'Sender';
  const status = queryMode || error.status >= 500 ? error.status : 400;
  return {
    status,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-query-error': `${code};${fault}` },
    body: JSON.stringify(body),
  };
}

/** `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…` (spec §3.1); no Result for empty outputs. */
export function queryResponse(action: string, output: Output | undefined, requestId: string): WireResponse {
  return queryXmlResponse(XML_NAMESPACE, action, output, requestId);
}

/** `<ErrorResponse>` with the modelled status (spec §0.4); an empty message is left out, as AWS does. */
export function queryError(error: ServiceError, requestId: string): WireResponse {
  return queryXmlError(XML_NAMESPACE, queryCode(error), error, requestId);
}
