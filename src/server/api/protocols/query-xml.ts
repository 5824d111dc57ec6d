import { XMLBuilder } from 'fast-xml-parser';
import type { ServiceError } from '../../../common/errors.js';
import { WireMap } from '../operation.js';
import type { WireResponse } from './rest-json.js';

/**
 * The awsQuery protocol's answers (AWS's "Query API" documentation of CloudWatch and IAM), for
 * every service that speaks it: an
 * `<OpResponse>` with `<OpResult>` and `<ResponseMetadata>`, or an `<ErrorResponse>`, in the
 * service's XML namespace. Lists are `member` elements, maps `entry` elements, timestamps ISO 8601.
 */

export { WireMap };

/** Text needs only `&`, `<` and `>` escaped; quotes stay readable, as in AWS's own responses. */
const escapeText = (_name: string, value: unknown): string =>
  String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  processEntities: false,
  tagValueProcessor: escapeText,
});

export function toQueryXml(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof WireMap) {
    return value.entries.length
      ? { entry: value.entries.map(([key, v]) => ({ key, value: toQueryXml(v) })) }
      : '';
  }
  if (Array.isArray(value)) return value.length ? { member: value.map(toQueryXml) } : '';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toQueryXml(v);
    return out;
  }
  return value ?? '';
}

const XML_TYPE = 'text/xml';

/** `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…`; no Result for an empty output. */
export function queryXmlResponse(
  namespace: string,
  action: string,
  output: Record<string, unknown> | undefined,
  requestId: string,
): WireResponse {
  const response: Record<string, unknown> = { '@_xmlns': namespace };
  if (output !== undefined) response[`${action}Result`] = toQueryXml(output);
  response['ResponseMetadata'] = { RequestId: requestId };
  return {
    status: 200,
    headers: { 'content-type': XML_TYPE },
    body: builder.build({ [`${action}Response`]: response }),
  };
}

/** `<ErrorResponse>` with the error's status and `code`; an empty message is left out, as AWS does. */
export function queryXmlError(
  namespace: string,
  code: string,
  error: ServiceError,
  requestId: string,
): WireResponse {
  const inner: Record<string, unknown> = { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: code };
  if (error.message) inner['Message'] = error.message;
  const body = builder.build({ ErrorResponse: { '@_xmlns': namespace, Error: inner, RequestId: requestId } });
  return { status: error.status, headers: { 'content-type': XML_TYPE }, body };
}
