import type { z } from 'zod';
import { ServiceError } from '../../../common/errors.js';
import { BadRequestException } from '../../apigateway/rest/errors.js';
import type { RestApis } from '../../apigateway/rest/rest-apis.js';
import type { Extension } from '../app.js';
import { restJson } from '../protocols/rest-json.js';
import { parseInput, parseJsonBody } from '../validation.js';
import { apiGatewayError } from './wire.js';

/** An API Gateway control request after routing. */
export interface ApiGatewayRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: Buffer;
}

export interface ApiGatewayResponse {
  status: number;
  /** Sent as JSON; no body when undefined. */
  body?: unknown;
}

/** One REST-JSON operation of an API Gateway control API (v1 REST APIs, v2 HTTP APIs) over `Model`. */
export interface ApiGatewayOperation<Model = RestApis> {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Route pattern with `:param` placeholders named as the model's URI labels. */
  path: string;
  handle(request: ApiGatewayRequest, apis: Model): Promise<ApiGatewayResponse>;
}

/** An API Gateway control API on the main port: REST-JSON under `prefix`, signed for `apigateway`. */
export function apiGatewayExtension<Model>(
  prefix: string,
  operations: readonly ApiGatewayOperation<Model>[],
  apis: Model,
): Extension {
  return {
    prefix,
    signingName: 'apigateway',
    writeError: apiGatewayError,
    mount(app) {
      for (const op of operations) {
        app.on(op.method, op.path, async (c) => {
          const response = await op.handle(
            { params: c.req.param(), query: new URL(c.req.url).searchParams, body: c.get('body') },
            apis,
          );
          const wire = restJson(response.status, response.body);
          if (wire.body === undefined) return c.body(null, wire.status as 204, wire.headers);
          return c.body(wire.body as string, wire.status as 200, wire.headers);
        });
      }
    },
  };
}

export function param(request: ApiGatewayRequest, name: string): string {
  return request.params[name] ?? '';
}

/** Parses a JSON body with `schema`; API Gateway reports every bad input as BadRequestException. */
export function parseBody<S extends z.ZodType>(schema: S, body: Buffer): z.output<S> {
  try {
    return parseInput(schema, parseJsonBody(body));
  } catch (error) {
    if (error instanceof ServiceError) throw new BadRequestException(error.message);
    throw error;
  }
}

/**
 * One page of `items` by API Gateway's `limit` (1-500, default 25) and opaque `position`, each
 * item on the page turned into its wire form.
 */
export function page<T, U>(
  items: readonly T[],
  query: URLSearchParams,
  toWire: (item: T) => U,
): { item: U[]; position?: string } {
  const limitText = query.get('limit');
  const limit = limitText === null ? 25 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new BadRequestException('Limit must be between 1 and 500');
  }
  const positionText = query.get('position');
  const start = positionText === null ? 0 : Number(Buffer.from(positionText, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new BadRequestException('Invalid position specified');
  const item = items.slice(start, start + limit).map((t) => toWire(t));
  const next = start + limit;
  return next < items.length ? { item, position: Buffer.from(String(next)).toString('base64url') } : { item };
}

/**
 * Refuses, by name, request members for features gradual does not have, rather than accepting
 * them and behaving as if they were not there.
 */
export function refuseUnsupported(members: Record<string, unknown>): void {
  const given = Object.entries(members)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name]) => name);
  if (given.length > 0) {
    throw new BadRequestException(`gradual does not support ${given.join(', ')} (not implemented)`);
  }
}
