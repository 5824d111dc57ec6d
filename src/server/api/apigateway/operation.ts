import { z } from 'zod';
import { ServiceError } from '../../../common/errors.js';
import { BadRequestException } from '../../apigateway/rest/errors.js';
import type { RestApis } from '../../apigateway/rest/rest-apis.js';
import type { Extension } from '../app.js';
import { mountRest, type RestOperation } from '../rest-operation.js';
import { invalidInput, parseJsonBody } from '../validation.js';
import { apiGatewayError } from './wire.js';

/** One REST-JSON operation of an API Gateway control API (v1 REST APIs, v2 HTTP APIs) over `Model`. */
export type ApiGatewayOperation<Model = RestApis> = RestOperation<Model>;

/** API Gateway reports every bad input as BadRequestException, in Lambda's words otherwise. */
function badRequest(error: ServiceError): BadRequestException {
  return new BadRequestException(error.message);
}

/** An API Gateway control API on the main port: REST-JSON under `prefix`, signed for `apigateway`. */
export function apiGatewayExtension<Model>(
  prefix: string,
  operations: readonly RestOperation<Model>[],
  apis: Model,
): Extension {
  return {
    prefix,
    signingName: 'apigateway',
    writeError: apiGatewayError,
    mount(app) {
      mountRest(
        app,
        {
          operations,
          decodeBody: (body) => {
            try {
              return parseJsonBody(body);
            } catch (error) {
              throw error instanceof ServiceError ? badRequest(error) : error;
            }
          },
          invalid: (error, input) => badRequest(invalidInput(error, input)),
        },
        apis,
        (c, wire) =>
          wire.body === undefined
            ? c.body(null, wire.status as 204, wire.headers)
            : c.body(wire.body as string, wire.status as 200, wire.headers),
      );
    },
  };
}

/** API Gateway v1's paging members: `?limit=` (1-500, default 25) and the opaque `?position=`. */
export const PAGE_QUERY = { limit: 'limit', position: 'position' } as const;
export const pageMembers = { limit: z.string().optional(), position: z.string().optional() };

/** One page of `items`, each item on the page turned into its wire form. */
export function page<T, U>(
  items: readonly T[],
  query: { limit?: string | undefined; position?: string | undefined },
  toWire: (item: T) => U,
): { item: U[]; position?: string } {
  const limit = query.limit === undefined ? 25 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new BadRequestException('Limit must be between 1 and 500');
  }
  const start =
    query.position === undefined ? 0 : Number(Buffer.from(query.position, 'base64url').toString('utf8'));
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
