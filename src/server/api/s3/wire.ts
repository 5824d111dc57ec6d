import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { ServiceError } from '../../../common/errors.js';
import type { WireResponse } from '../protocols/rest-json.js';
import { MalformedXML } from '../../s3/errors.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const escapeText = (_name: string, value: unknown): string =>
  String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  processEntities: false,
  tagValueProcessor: escapeText,
});

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, removeNSPrefix: true });

/** An XML document `<root xmlns=S3>...</root>`. */
export function xml(root: string, content: Record<string, unknown>, status = 200): WireResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: { '@_xmlns': S3_NAMESPACE, ...content } })}`;
  return { status, headers: { 'content-type': 'application/xml' }, body };
}

/** A request body in XML (DeleteObjects, CompleteMultipartUpload, CreateBucketConfiguration). */
export function parseXmlBody(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = parser.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new MalformedXML(
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}

/** One element or a list of them, as a list (the parser makes a lone element an object). */
export function many(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Authentication errors as S3 names them (its own codes, not the JSON services'). */
const S3_CODES: Record<string, string> = {
  InvalidSignatureException: 'SignatureDoesNotMatch',
  UnrecognizedClientException: 'InvalidAccessKeyId',
  MissingAuthenticationTokenException: 'AccessDenied',
  IncompleteSignatureException: 'AuthorizationHeaderMalformed',
  UnknownOperationException: 'NotImplemented',
  ServiceException: 'InternalError',
  RequestEntityTooLargeException: 'EntityTooLarge',
};

/** `<Error><Code>…</Code><Message>…</Message>…</Error>`; a HEAD answer carries no body, as on S3. */
export function s3Error(error: ServiceError, requestId: string, method: string): WireResponse {
  const code = S3_CODES[error.code] ?? error.code;
  const status = code === 'NotImplemented' ? 501 : error.status;
  if (method === 'HEAD') return { status, headers: {}, body: undefined };
  const inner: Record<string, unknown> = { Code: code, Message: error.message };
  for (const [k, v] of Object.entries(error.fields)) inner[k] = String(v);
  inner['RequestId'] = requestId;
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ Error: inner })}`;
  return { status, headers: { 'content-type': 'application/xml' }, body };
}

export const isoDate = (ms: number): string => new Date(ms).toISOString();
export const httpDate = (ms: number): string => new Date(ms).toUTCString();
