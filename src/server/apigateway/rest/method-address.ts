import { requireApi } from './api-rules.js';
import type { RestApiContext } from './context.js';
import { methodNotFound } from './errors.js';
import type { MethodRecord, ResourceRecord, RestApiAggregate } from './model.js';
import { requireResource } from './resource-rules.js';

/** Which method of which resource of which REST API a request names. */
export interface MethodAddress {
  apiId: string;
  resourceId: string;
  httpMethod: string;
}

/** The resource and method a request addresses, each checked to exist. */
export function requireMethod(
  current: RestApiAggregate | undefined,
  address: MethodAddress,
  ctx: RestApiContext,
): { resource: ResourceRecord; method: MethodRecord } {
  const agg = requireApi(current, address.apiId, ctx);
  const resource = requireResource(agg, address.resourceId);
  const method = resource.methods[address.httpMethod];
  if (!method) throw methodNotFound();
  return { resource, method };
}

export function withMethod(
  resource: ResourceRecord,
  method: MethodRecord | undefined,
  httpMethod: string,
): ResourceRecord {
  const methods = { ...resource.methods };
  if (method) methods[httpMethod] = method;
  else delete methods[httpMethod];
  return { ...resource, methods };
}
