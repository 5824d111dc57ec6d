import type { InvokeResult } from '../invoke/invoker.js';
import { headerValue } from './responses.js';
import type { GatewayRequest, GatewayResponse } from './router.js';
import { isRecord } from '../../common/is-record.js';

/**
 * Payload format 2.0, as Lambda function URLs use it: the request as an event, and the
 * function's answer back to HTTP. Pure: no time, no ids of its own (both come in the request).
 */

/** The caller, when the URL's AuthType is AWS_IAM. */
export interface IamCaller {
  accessKey: string;
  accountId: string;
  callerId: string;
  userArn: string;
  userId: string;
}

export interface V2Context {
  /** The function owner's account, or `anonymous` for AuthType NONE (as AWS sends it). */
  accountId: string;
  /** The URL id: `apiId` and `domainPrefix`. */
  urlId: string;
  domainName: string;
  /** The path the function sees (path-style URLs drop their `/lambda-url/<id>` prefix). */
  rawPath: string;
  iam: IamCaller | undefined;
  /** HTTP APIs: the matched route key (function URLs: `$default`). */
  routeKey?: string;
  /** HTTP APIs: the stage (function URLs: `$default`). */
  stage?: string;
  /** HTTP APIs: the route's `{param}` values; omitted when the route has none. */
  pathParameters?: Record<string, string>;
  /** HTTP APIs: the stage's variables; omitted when none. */
  stageVariables?: Record<string, string>;
}

/** Bodies of these types reach the function as text; everything else base64-encoded. */
const TEXT_TYPE = /^(text\/|application\/(json|javascript|xml|[a-z0-9.+-]*\+(json|xml))\b)/i;

export function isTextContent(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPE.test(contentType.trim());
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The last second clfTime wrote, and its text: requests under load share their second. */
let clfSecond = NaN;
let clfText = '';

/** `12/Mar/2020:19:03:58 +0000`: the request time as API Gateway and function URLs write it. */
export function clfTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === clfSecond) return clfText;
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  clfText = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
  clfSecond = second;
  return clfText;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Query parameters with repeated names comma-joined, as format 2.0 does; undefined when none. */
export function queryParameters(rawQuery: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    out[key] = key in out ? `${out[key]},${value}` : value;
    any = true;
  }
  return any ? out : undefined;
}

/** The request's cookies, one entry per `name=value`; undefined when none. */
export function requestCookies(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  const cookies = header
    .split(/;\s*/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return cookies.length > 0 ? cookies : undefined;
}

export function functionUrlEvent(request: GatewayRequest, ctx: V2Context): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    // Cookies travel in `cookies`, not as a header.
    if (name === 'cookie') continue;
    const text = headerValue(value);
    if (text !== undefined) headers[name] = text;
  }
  const cookies = requestCookies(headerValue(request.headers.cookie));
  const query = queryParameters(request.rawQuery);
  const text = isTextContent(headerValue(request.headers['content-type']));
  const hasBody = request.body.length > 0;
  const routeKey = ctx.routeKey ?? '$default';
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey,
    rawPath: ctx.rawPath,
    rawQueryString: request.rawQuery,
  };
  if (cookies) event['cookies'] = cookies;
  event['headers'] = headers;
  if (query) event['queryStringParameters'] = query;
  event['requestContext'] = {
    accountId: ctx.accountId,
    apiId: ctx.urlId,
    ...(ctx.iam ? { authorizer: { iam: { ...ctx.iam, cognitoIdentity: null, principalOrgId: null } } } : {}),
    domainName: ctx.domainName,
    domainPrefix: ctx.urlId,
    http: {
      method: request.method,
      path: ctx.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: headerValue(request.headers['user-agent']) ?? '',
    },
    requestId: request.requestId,
    routeKey,
    stage: ctx.stage ?? '$default',
    time: clfTime(request.receivedAt),
    timeEpoch: request.receivedAt,
  };
  if (ctx.pathParameters) event['pathParameters'] = ctx.pathParameters;
  if (ctx.stageVariables && Object.keys(ctx.stageVariables).length > 0) {
    event['stageVariables'] = ctx.stageVariables;
  }
  if (hasBody) event['body'] = text ? request.body.toString('utf8') : request.body.toString('base64');
  event['isBase64Encoded'] = hasBody && !text;
  return event;
}

/** What became of a function's answer: an HTTP response, or why it could not be one. */
export type V2Outcome =
  { kind: 'response'; response: GatewayResponse } | { kind: 'malformed'; reason: string };

/** RFC 9110 tokens, and field values without control characters (no header injection). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function malformed(reason: string): V2Outcome {
  return { kind: 'malformed', reason };
}

/**
 * The function's result as function URLs map it: an object with `statusCode` is a response
 * (headers, cookies as `set-cookie`, a text or base64 body); any other JSON value is sent as it
 * is, 200 `application/json`. A result that cannot be read either way is malformed (502).
 */
export function functionUrlResponse(result: Pick<InvokeResult, 'body'>): V2Outcome {
  let value: unknown;
  try {
    value = JSON.parse(result.body.toString('utf8'));
  } catch {
    return malformed('the function returned a payload that is not JSON');
  }
  if (!isRecord(value) || !('statusCode' in value)) {
    return {
      kind: 'response',
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: result.body },
    };
  }
  // 1xx are not final responses: no gateway can send one as the answer.
  const { statusCode, headers, cookies, body, isBase64Encoded } = value;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 200 ||
    statusCode > 599
  ) {
    return malformed(`statusCode must be an integer from 200 to 599, not ${JSON.stringify(statusCode)}`);
  }
  const out: Record<string, string | string[]> = {};
  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers)) return malformed('headers must be an object of strings');
    for (const [name, v] of Object.entries(headers)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        return malformed(`header ${name} must be a string, not ${JSON.stringify(v)}`);
      }
      if (!HEADER_NAME.test(name)) return malformed(`${JSON.stringify(name)} is not a valid header name`);
      if (!HEADER_VALUE.test(String(v))) {
        return malformed(`header ${name} has a character HTTP does not allow in a value (a line break?)`);
      }
      out[name.toLowerCase()] = String(v);
    }
  }
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) {
      return malformed('cookies must be an array of strings');
    }
    if (!cookies.every((c) => HEADER_VALUE.test(c))) {
      return malformed('a cookie has a character HTTP does not allow in a value (a line break?)');
    }
    if (cookies.length > 0) out['set-cookie'] = cookies;
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return malformed(`body must be a string, not ${Array.isArray(body) ? 'an array' : typeof body}`);
  }
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    return malformed('isBase64Encoded must be a boolean');
  }
  const text = typeof body === 'string' ? body : '';
  if (out['content-type'] === undefined) out['content-type'] = 'application/json';
  return {
    kind: 'response',
    response: {
      status: statusCode,
      headers: out,
      body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    },
  };
}
