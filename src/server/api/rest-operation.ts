import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { ServiceError } from '../../common/errors.js';
import type { Caller } from '../auth/sigv4.js';
import type { Operation, OperationContext, Output } from './operation.js';
import { jsonLeaves, type Leaves } from './protocols/leaves.js';
import { toJson } from './protocols/json-rpc.js';
import type { WireResponse } from './protocols/rest-json.js';

/**
 * Where a REST operation's members travel (the AWS model's `location` traits): URI labels by
 * name in `path` (`/2015-03-31/functions/:FunctionName`), query and header members as listed,
 * the rest in a JSON body, or the whole body as one blob member (`payload`).
 */
export interface HttpBinding {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Member -> query name; `[name]` for a list (`?tagKeys=a&tagKeys=b`). */
  query?: Readonly<Record<string, string | readonly [string]>>;
  /** Member -> header name (lower case). */
  headers?: Readonly<Record<string, string>>;
  /** The member that is the raw body (Invoke's `Payload`), instead of JSON members. */
  payload?: string;
  /** The status of a success (the model's `http.responseCode`); 200 when unset. */
  status?: number;
}

/** Where the output's members go: a member that is the status, header members, a raw payload member. */
export interface HttpOutputBinding {
  status?: string;
  headers?: Readonly<Record<string, string>>;
  payload?: string;
  /** The `content-type` of a payload, when there is one. */
  contentType?: string;
}

/** An operation of a REST protocol: the shape of operation.ts, plus where its members travel. */
export interface RestOperation<
  Deps,
  In = unknown,
  Out extends Output | undefined = Output | undefined,
> extends Operation<Deps, In, Out> {
  readonly http: HttpBinding;
  readonly output?: HttpOutputBinding;
}

/**
 * Declares a REST operation; as `operation()`, types come from the schema (its own type inferred,
 * see there why) and the handler.
 */
export function restOperation<Deps, Schema extends z.ZodType, Out extends Output | undefined>(o: {
  name: string;
  http: HttpBinding;
  output?: HttpOutputBinding;
  input: (leaves: Leaves) => Schema;
  handle: (input: NoInfer<z.output<Schema>>, deps: Deps, context: RestContext) => Promise<Out>;
}): RestOperation<Deps, z.output<Schema>, Out> {
  return {
    name: o.name,
    http: o.http,
    ...(o.output ? { output: o.output } : {}),
    // A generic schema is not known to be a ZodType of its own output; it is.
    input: o.input as (leaves: Leaves) => z.ZodType<z.output<Schema>>,
    handle: (input, deps, context) => o.handle(input, deps, context as RestContext),
  };
}

/** A REST handler may also know the address the client used (for links it hands out). */
export interface RestContext extends OperationContext {
  /** `http://host:port` as the client addressed this server. */
  baseUrl: string;
}

/** A REST request after routing. */
export interface RestRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  header(name: string): string | undefined;
  body: Buffer;
  requestId: string;
  caller: Caller | undefined;
  baseUrl: string;
}

/** How a REST service reads bodies and words refusals. */
export interface RestService<Deps> {
  /** A JSON body as a value; a service's own error when it is not JSON. */
  decodeBody: (body: Buffer) => unknown;
  /** A request the operation's schema refused, in the service's own words. */
  invalid: (error: z.ZodError, input: unknown) => ServiceError;
  operations: readonly RestOperation<Deps>[];
}

/** The operation's input object: labels, query and header members, then the body's. */
export function decodeRest(
  op: RestOperation<unknown>,
  request: RestRequest,
  decodeBody: (b: Buffer) => unknown,
) {
  const { http } = op;
  const members: Record<string, unknown> = {};
  if (http.payload) members[http.payload] = request.body;
  else if (http.method !== 'GET' && http.method !== 'DELETE') {
    const body = decodeBody(request.body);
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) Object.assign(members, body);
    else return body; // the schema refuses it in the service's words
  }
  for (const member in http.query) {
    const name = http.query[member]!;
    const value = typeof name === 'string' ? request.query.get(name) : request.query.getAll(name[0]);
    if (value !== null) members[member] = value;
  }
  for (const member in http.headers) {
    const value = request.header(http.headers[member]!);
    if (value !== undefined) members[member] = value;
  }
  Object.assign(members, request.params);
  return members;
}

/** The output as a REST-JSON response: bound members to the status, headers and raw body; the rest JSON. */
export function encodeRest(op: RestOperation<unknown>, output: Output | undefined): WireResponse {
  const bound = op.output ?? {};
  const members: Record<string, unknown> = output ?? {};
  const status = bound.status ? Number(members[bound.status]) : (op.http.status ?? 200);
  const headers: Record<string, string> = {};
  for (const member in bound.headers) {
    const value = members[member];
    if (typeof value === 'string' || typeof value === 'number')
      headers[bound.headers[member]!] = String(value);
  }
  if (bound.payload) {
    const payload = members[bound.payload] as Uint8Array | undefined;
    if (payload !== undefined && bound.contentType) headers['content-type'] = bound.contentType;
    return { status, headers, body: payload };
  }
  if (output === undefined) return { status, headers, body: undefined };
  // The JSON body: what is bound to neither the status nor a header (a copy: `output` stays as it was).
  const rest: Record<string, unknown> = { ...output };
  if (bound.status) delete rest[bound.status];
  for (const member in bound.headers) delete rest[member];
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(toJson(rest)),
  };
}

/** Runs one REST operation: decode, parse with its schema, handle, encode. */
export async function runRest<Deps>(
  service: RestService<Deps>,
  op: RestOperation<Deps>,
  request: RestRequest,
  deps: Deps,
): Promise<WireResponse> {
  const raw = decodeRest(op, request, service.decodeBody);
  const parsed = op.input(jsonLeaves).safeParse(raw);
  if (!parsed.success) throw service.invalid(parsed.error, raw);
  const context: RestContext = {
    requestId: request.requestId,
    caller: request.caller,
    baseUrl: request.baseUrl,
  };
  const output = await op.handle(parsed.data, deps, context);
  return encodeRest(op, output);
}

/** The operation with its schema built once, for serving many requests. */
export function prepared<Deps>(op: RestOperation<Deps>): RestOperation<Deps> {
  const schema = op.input(jsonLeaves);
  return { ...op, input: () => schema };
}

/** Hono's view of a routed request, as every REST service mounts it. */
export function mountRest<
  Deps,
  E extends { Variables: { body: Buffer; requestId: string; caller: Caller | undefined } },
>(
  app: Hono<E>,
  service: RestService<Deps>,
  deps: Deps,
  send: (c: Context<E>, response: WireResponse) => Response,
  /** Runs first: the authorization of a function's own calls, say. */
  before?: (c: Context<E>, op: RestOperation<Deps>) => Promise<void>,
): void {
  for (const op of service.operations) {
    const bound = prepared(op);
    app.on(op.http.method, op.http.path, async (c) => {
      await before?.(c, op);
      return send(
        c,
        await runRest(
          service,
          bound,
          {
            params: c.req.param(),
            query: new URL(c.req.url).searchParams,
            header: (name) => c.req.header(name),
            body: c.get('body'),
            requestId: c.get('requestId'),
            caller: c.get('caller'),
            baseUrl: `http://${c.req.header('host') ?? 'localhost'}`,
          },
          deps,
        ),
      );
    });
  }
}
