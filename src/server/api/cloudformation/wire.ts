import { XMLBuilder } from 'fast-xml-parser';
import type { ServiceError } from '../../../common/errors.js';
import type { WireResponse } from '../protocols/rest-json.js';

export const CFN_NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

const escapeText = (_name: string, value: unknown): string =>
  String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  processEntities: false,
  tagValueProcessor: escapeText,
});

/** An output value: dates as ISO 8601, lists as `<member>`s, absent members left out. */
function toXml(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.length ? { member: value.map(toXml) } : '';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toXml(v);
    return out;
  }
  return value ?? '';
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` (the awsQuery protocol). */
export function queryResponse(
  action: string,
  output: Record<string, unknown> | undefined,
  requestId: string,
): WireResponse {
  const response: Record<string, unknown> = { '@_xmlns': CFN_NAMESPACE };
  if (output !== undefined) response[`${action}Result`] = toXml(output);
  response['ResponseMetadata'] = { RequestId: requestId };
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: builder.build({ [`${action}Response`]: response }),
  };
}

/** CloudFormation's codes for the errors every service shares. */
const CODES: Record<string, string> = {
  ValidationException: 'ValidationError',
  ServiceException: 'InternalFailure',
};

export function queryError(error: ServiceError, requestId: string): WireResponse {
  const inner: Record<string, unknown> = {
    Type: error.status >= 500 ? 'Receiver' : 'Sender',
    Code: CODES[error.code] ?? error.code,
    Message: error.message,
  };
  const body = builder.build({
    ErrorResponse: { '@_xmlns': CFN_NAMESPACE, Error: inner, RequestId: requestId },
  });
  return { status: error.status, headers: { 'content-type': 'text/xml' }, body };
}
