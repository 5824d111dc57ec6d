import { XMLBuilder } from 'fast-xml-parser';
import type { ServiceError } from '../../../common/errors.js';
import { WireMap, type Output } from '../operation.js';
import type { WireResponse } from './rest-json.js';

/**
 * The awsQuery protocol's answers (AWS's "Query API" documentation for CloudWatch, IAM and
 * CloudFormation): `<OpResponse xmlns=...><OpResult>…</OpResult><ResponseMetadata>` and
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`. Requests are decoded by
 * query-form.ts.
 */

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

/** Output members as XML: ISO-8601 timestamps, lists as `member`, maps as `entry` key/value pairs. */
export function toXml(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof WireMap) {
    return value.entries.length ? { entry: value.entries.map(([key, v]) => ({ key, value: toXml(v) })) } : '';
  }
  if (Array.isArray(value)) return value.length ? { member: value.map(toXml) } : '';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toXml(v);
    return out;
  }
  return value ?? '';
}

const XML_TYPE = 'text/xml';

/** The service's answer to `Action`; no `<ActionResult>` for an empty output. */
export function queryResponse(
  namespace: string,
  action: string,
  output: Output | undefined,
  requestId: string,
): WireResponse {
  const response: Record<string, unknown> = { '@_xmlns': namespace };
  if (output !== undefined) response[`${action}Result`] = toXml(output);
  response['ResponseMetadata'] = { RequestId: requestId };
  return {
    status: 200,
    headers: { 'content-type': XML_TYPE },
    body: builder.build({ [`${action}Response`]: response }),
  };
}

/** `<ErrorResponse>` with the modelled status; an empty message is left out, as AWS does. */
export function queryError(
  namespace: string,
  error: ServiceError,
  requestId: string,
  code: string = error.code,
): WireResponse {
  const inner: Record<string, unknown> = { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: code };
  if (error.message) inner['Message'] = error.message;
  const body = builder.build({ ErrorResponse: { '@_xmlns': namespace, Error: inner, RequestId: requestId } });
  return { status: error.status, headers: { 'content-type': XML_TYPE }, body };
}
