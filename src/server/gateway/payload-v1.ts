import type { InvokeResult } from '../invoke/invoker.js';
import type { GatewayRequest, GatewayResponse } from './router.js';
import { isRecord } from '../../common/is-record.js';

/**
 * API Gateway REST APIs' Lambda proxy integration, payload format 1.0: the event a request
 * becomes, and how the function's answer becomes the HTTP response. Pure.
 */

export interface ProxyEventContext {
  accountId: string;
  apiId: string;
  stage: string;
  stageVariables: Record<string, string> | undefined;
  /** The resource's path template (`/users/{id}`) and id. */
  resourcePath: string;
  resourceId: string;
  /** The request's path after the stage, as sent (`/users/42`). */
  path: string;
  pathParameters: Record<string, string> | undefined;
  domainName: string;
  /** Body media types sent base64-encoded (the API's `binaryMediaTypes`). */
  binaryMediaTypes: readonly string[];
  /** Who signed the request, for AWS_IAM methods. */
  iam?: { accessKey: string; accountId: string; caller: string; user: string; userArn: string };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestTime`: `04/Mar/2020:19:15:17 +0000`. */
export function requestTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** Name/value pairs of the request's headers, in their own case, repeats kept. */
function headerPairs(request: GatewayRequest): [string, string][] {
  const pairs: [string, string][] = [];
  if (request.rawHeaders) {
    for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
      pairs.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
    }
    return pairs;
  }
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, v]);
  }
  return pairs;
}

/** The single-value map holds each name's last value, the multi-value map all of them, in order. */
function singleAndMulti(
  pairs: readonly [string, string][],
): { single: Record<string, string>; multi: Record<string, string[]> } | undefined {
  if (pairs.length === 0) return undefined;
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

function queryPairs(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  const pairs: [string, string][] = [];
  for (const [name, value] of new URLSearchParams(rawQuery)) pairs.push([name, value]);
  return pairs;
}

function isBinary(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (binaryMediaTypes.length === 0) return false;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return binaryMediaTypes.some((t) => {
    const m = t.toLowerCase();
    if (m === '*/*') return true;
    if (m.endsWith('/*')) return type.startsWith(m.slice(0, -1));
    return m === type;
  });
}

function firstHeader(request: GatewayRequest, name: string): string | undefined {
  const value: string | string[] | undefined = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The payload format 1.0 event for `request`. */
export function restApiEvent(request: GatewayRequest, ctx: ProxyEventContext): Record<string, unknown> {
  const headers = singleAndMulti(headerPairs(request));
  const query = singleAndMulti(queryPairs(request.rawQuery));
  const binary = isBinary(firstHeader(request, 'content-type'), ctx.binaryMediaTypes);
  return {
    resource: ctx.resourcePath,
    path: ctx.path,
    httpMethod: request.method,
    headers: headers?.single ?? null,
    multiValueHeaders: headers?.multi ?? null,
    queryStringParameters: query?.single ?? null,
    multiValueQueryStringParameters: query?.multi ?? null,
    pathParameters: ctx.pathParameters ?? null,
    stageVariables:
      ctx.stageVariables && Object.keys(ctx.stageVariables).length > 0 ? ctx.stageVariables : null,
    requestContext: {
      resourceId: ctx.resourceId,
      resourcePath: ctx.resourcePath,
      httpMethod: request.method,
      extendedRequestId: request.requestId,
      requestTime: requestTime(request.receivedAt),
      path: `/${ctx.stage}${ctx.path}`,
      accountId: ctx.accountId,
      protocol: 'HTTP/1.1',
      stage: ctx.stage,
      domainPrefix: ctx.domainName.split('.')[0],
      requestTimeEpoch: request.receivedAt,
      requestId: request.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: ctx.iam?.accountId ?? null,
        cognitoIdentityId: null,
        caller: ctx.iam?.caller ?? null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: ctx.iam?.accessKey ?? null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: ctx.iam?.userArn ?? null,
        userAgent: firstHeader(request, 'user-agent') ?? null,
        user: ctx.iam?.user ?? null,
      },
      domainName: ctx.domainName,
      apiId: ctx.apiId,
    },
    body: request.body.length === 0 ? null : request.body.toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
  };
}

export type ProxyOutcome =
  { kind: 'response'; response: GatewayResponse } | { kind: 'malformed'; reason: string };

/** RFC 9110 tokens, and field values without control characters (no header injection). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function headerProblem(name: string, values: readonly string[]): string | undefined {
  if (!HEADER_NAME.test(name)) return `${JSON.stringify(name)} is not a valid header name`;
  if (!values.every((v) => HEADER_VALUE.test(v))) {
    return `header ${name} has a character HTTP does not allow in a value (a line break?)`;
  }
  return undefined;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Maps a successful invocation's payload to the HTTP response as API Gateway does:
 * `statusCode`, `headers` merged with `multiValueHeaders` (which win for a name in both),
 * `body` (a string, base64-decoded when `isBase64Encoded`). Anything else is malformed (502).
 */
export function restApiResponse(result: Pick<InvokeResult, 'body'>): ProxyOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.body.toString('utf8'));
  } catch {
    return { kind: 'malformed', reason: 'the response is not JSON' };
  }
  if (!isRecord(parsed)) return { kind: 'malformed', reason: 'the response is not a JSON object' };
  const code = parsed['statusCode'];
  const status = typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : code;
  // 1xx are not final responses: no gateway can send one as the answer.
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return {
      kind: 'malformed',
      reason: `statusCode must be an HTTP status code, not ${JSON.stringify(code)}`,
    };
  }
  const headers: Record<string, string | string[]> = {};
  const lower = new Map<string, string>();
  const put = (name: string, value: string | string[]): string | undefined => {
    const problem = headerProblem(name, Array.isArray(value) ? value : [value]);
    if (problem) return problem;
    const prior = lower.get(name.toLowerCase());
    if (prior !== undefined) delete headers[prior];
    lower.set(name.toLowerCase(), name);
    headers[name] = value;
    return undefined;
  };
  const single = parsed['headers'];
  if (single !== undefined && single !== null) {
    if (!isRecord(single)) return { kind: 'malformed', reason: 'headers must be an object' };
    for (const [name, value] of Object.entries(single)) {
      const text = scalar(value);
      if (text === undefined) return { kind: 'malformed', reason: `header ${name} must be a string` };
      const problem = put(name, text);
      if (problem) return { kind: 'malformed', reason: problem };
    }
  }
  const multi = parsed['multiValueHeaders'];
  if (multi !== undefined && multi !== null) {
    if (!isRecord(multi)) return { kind: 'malformed', reason: 'multiValueHeaders must be an object' };
    for (const [name, values] of Object.entries(multi)) {
      const texts = Array.isArray(values) ? values.map(scalar) : [];
      if (!Array.isArray(values) || texts.some((t) => t === undefined)) {
        return { kind: 'malformed', reason: `multiValueHeaders.${name} must be an array of strings` };
      }
      const problem = put(name, texts as string[]);
      if (problem) return { kind: 'malformed', reason: problem };
    }
  }
  const body = parsed['body'];
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return { kind: 'malformed', reason: 'body must be a string' };
  }
  const base64 = parsed['isBase64Encoded'];
  if (base64 !== undefined && base64 !== null && typeof base64 !== 'boolean') {
    return { kind: 'malformed', reason: 'isBase64Encoded must be a boolean' };
  }
  if (!lower.has('content-type')) put('Content-Type', 'application/json');
  const text = body ?? '';
  return {
    kind: 'response',
    response: { status, headers, body: Buffer.from(text, base64 === true ? 'base64' : 'utf8') },
  };
}
