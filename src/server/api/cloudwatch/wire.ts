import type { ServiceError } from '../../../common/errors.js';
import { queryXmlError } from '../protocols/query-xml.js';
import type { WireResponse } from '../protocols/rest-json.js';

export const XML_NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

/** Query error code -> JSON shape name, where they differ (CloudWatch API Reference, "Common Errors"). */
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
  if (error.code === 'ServiceUnavailable') return error.code;
  if (error.status >= 500) return 'InternalServiceError';
  return error.code;
}

function jsonType(code: string): string {
  if (code === 'ValidationError') return 'com.amazon.coral.validate#ValidationException';
  if (code === 'AccessDenied') return 'com.amazon.coral.service#AccessDeniedException';
  const shape = SHAPES[code];
  return shape ? `com.amazonaws.cloudwatch.v2010_08_01#${shape}` : `com.amazon.coral.service#${code}`;
}

const JSON_TYPE = 'application/x-amz-json-1.0';

/**
 * AWS JSON 1.0 with awsQueryCompatible (Smithy's `@awsQueryCompatible` trait): the shape in
 * `__type`, the query code in `x-amzn-query-error`; the modelled status only when the client sent
 * `x-amzn-query-mode: true`.
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

/** `<ErrorResponse>` with CloudWatch's query code. */
export function cloudWatchQueryError(error: ServiceError, requestId: string): WireResponse {
  return queryXmlError(XML_NAMESPACE, queryCode(error), error, requestId);
}
