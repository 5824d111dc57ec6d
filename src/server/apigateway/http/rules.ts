import type { Account } from '../../functions/names.js';
import { BadRequestException, ConflictException, NotFoundException } from '../rest/errors.js';
import { parseLambdaUri, type LambdaTarget } from '../rest/integration-uri.js';
import type { HttpApiDecision } from './store.js';
import { checkCorsConfiguration } from './cors-rules.js';
import type {
  HttpApiAggregate,
  HttpCorsConfiguration,
  HttpIntegrationRecord,
  HttpRouteRecord,
  HttpStageRecord,
} from './model.js';

/** Pure decisions on one HTTP API: the current aggregate and inputs in, the change and answer out. */

export interface HttpApiContext {
  account: Account;
  /** Epoch milliseconds. */
  now: number;
  newId(): string;
}

export function requireHttpApi(current: HttpApiAggregate | undefined, apiId: string): HttpApiAggregate {
  if (!current) throw new NotFoundException(`Invalid API identifier specified ${apiId}`);
  return current;
}

function put<T>(api: HttpApiAggregate, result: T): HttpApiDecision<T> {
  return { change: { kind: 'put', api }, result };
}

export interface CreateApiInput {
  name: string;
  protocolType: string;
  description?: string;
  version?: string;
  routeSelectionExpression?: string;
  tags?: Record<string, string>;
  corsConfiguration?: HttpCorsConfiguration;
}

export function decideCreateApi(
  current: HttpApiAggregate | undefined,
  apiId: string,
  input: CreateApiInput,
  ctx: HttpApiContext,
): HttpApiDecision<HttpApiAggregate> {
  if (current) throw new ConflictException(`API ${apiId} already exists`);
  if (input.protocolType !== 'HTTP') {
    throw new BadRequestException(
      input.protocolType === 'WEBSOCKET'
        ? 'gradual does not support WEBSOCKET APIs (not implemented): ProtocolType must be HTTP'
        : `Invalid protocol type ${input.protocolType}: gradual supports HTTP`,
    );
  }
  if (input.name.trim() === '' || input.name.length > 128) {
    throw new BadRequestException('Invalid API name specified: 1 to 128 characters');
  }
  const expression = input.routeSelectionExpression ?? '${request.method} ${request.path}';
  if (expression !== '${request.method} ${request.path}') {
    throw new BadRequestException(
      "Invalid route selection expression: HTTP APIs take '${request.method} ${request.path}'",
    );
  }
  const api: HttpApiAggregate = {
    api: {
      apiId,
      name: input.name,
      protocolType: 'HTTP',
      routeSelectionExpression: expression,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.version !== undefined ? { version: input.version } : {}),
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
      ...(input.corsConfiguration !== undefined
        ? { corsConfiguration: checkCorsConfiguration(input.corsConfiguration) }
        : {}),
      createdDate: ctx.now,
    },
    integrations: [],
    routes: [],
    stages: [],
  };
  return put(api, api);
}

export function decideDeleteApi(
  current: HttpApiAggregate | undefined,
  apiId: string,
): HttpApiDecision<undefined> {
  requireHttpApi(current, apiId);
  return { change: { kind: 'delete' }, result: undefined };
}

/**
 * The Lambda function a Lambda proxy integration invokes. HTTP APIs take the function's ARN
 * itself as well as REST APIs' `arn:aws:apigateway:...:lambda:path/...` form.
 */
export function integrationTarget(uri: string, account: Account): LambdaTarget {
  const full = uri.startsWith('arn:aws:lambda:')
    ? `arn:aws:apigateway:${account.region}:lambda:path/2015-03-31/functions/${uri}/invocations`
    : uri;
  return parseLambdaUri(full, account);
}

export interface CreateIntegrationInput {
  apiId: string;
  integrationType: string;
  integrationUri?: string;
  payloadFormatVersion?: string;
  timeoutInMillis?: number;
  description?: string;
}

export function decideCreateIntegration(
  current: HttpApiAggregate | undefined,
  input: CreateIntegrationInput,
  ctx: HttpApiContext,
): HttpApiDecision<HttpIntegrationRecord> {
  const api = requireHttpApi(current, input.apiId);
  if (input.integrationType !== 'AWS_PROXY') {
    throw new BadRequestException(
      `gradual does not support IntegrationType ${input.integrationType} (not implemented): HTTP APIs here take AWS_PROXY (Lambda)`,
    );
  }
  if (input.integrationUri === undefined) {
    throw new BadRequestException('IntegrationUri is required for AWS_PROXY integrations');
  }
  integrationTarget(input.integrationUri, ctx.account);
  const version = input.payloadFormatVersion;
  if (version === undefined) {
    throw new BadRequestException('PayloadFormatVersion is required for AWS_PROXY integrations: 1.0 or 2.0');
  }
  if (version !== '1.0' && version !== '2.0') {
    throw new BadRequestException(`Invalid PayloadFormatVersion ${version}: 1.0 or 2.0`);
  }
  const timeout = input.timeoutInMillis ?? 30000;
  if (!Number.isInteger(timeout) || timeout < 50 || timeout > 30000) {
    throw new BadRequestException('TimeoutInMillis must be between 50 and 30000');
  }
  const integration: HttpIntegrationRecord = {
    integrationId: ctx.newId().slice(0, 7),
    integrationType: 'AWS_PROXY',
    integrationUri: input.integrationUri,
    payloadFormatVersion: version,
    timeoutInMillis: timeout,
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
  return put({ ...api, integrations: [...api.integrations, integration] }, integration);
}

const METHODS = new Set(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** Checks a route key: `$default`, or `METHOD /path` with `{param}` parts and a last `{proxy+}`. */
export function validateRouteKey(routeKey: string): void {
  if (routeKey === '$default') return;
  const bad = (why: string): BadRequestException =>
    new BadRequestException(`Invalid route key '${routeKey}': ${why}`);
  const m = /^([A-Z]+) (\/.*)$/.exec(routeKey);
  if (!m) throw bad("expected '$default' or 'METHOD /path'");
  if (!METHODS.has(m[1]!)) throw bad(`${m[1]} is not one of ${[...METHODS].join(', ')}`);
  const path = m[2]!;
  if (path === '/') return;
  const parts = path.slice(1).split('/');
  const names = new Set<string>();
  parts.forEach((part, i) => {
    if (part === '') throw bad('empty path segment');
    const v = /^\{([A-Za-z0-9._-]+)(\+)?\}$/.exec(part);
    if (!v) {
      if (/[{}\s]/.test(part)) throw bad(`malformed path part '${part}'`);
      return;
    }
    if (v[2] && i !== parts.length - 1) throw bad('a greedy {name+} must be the last part');
    if (names.has(v[1]!)) throw bad(`the path parameter '${v[1]}' appears twice`);
    names.add(v[1]!);
  });
}

export interface CreateRouteInput {
  apiId: string;
  routeKey: string;
  target?: string;
  authorizationType?: string;
}

export function decideCreateRoute(
  current: HttpApiAggregate | undefined,
  input: CreateRouteInput,
  ctx: HttpApiContext,
): HttpApiDecision<HttpRouteRecord> {
  const api = requireHttpApi(current, input.apiId);
  validateRouteKey(input.routeKey);
  if (input.authorizationType !== undefined && input.authorizationType !== 'NONE') {
    throw new BadRequestException(
      `gradual does not support AuthorizationType ${input.authorizationType} on HTTP API routes (not implemented)`,
    );
  }
  if (api.routes.some((r) => r.routeKey === input.routeKey)) {
    throw new ConflictException(`Unable to create route ${input.routeKey}: the route key already exists`);
  }
  if (input.target !== undefined) {
    const m = /^integrations\/([a-z0-9]+)$/.exec(input.target);
    if (!m)
      throw new BadRequestException(
        `Invalid target '${input.target}': expected integrations/<integration id>`,
      );
    if (!api.integrations.some((i) => i.integrationId === m[1])) {
      throw new NotFoundException(`Invalid integration identifier specified ${m[1]}`);
    }
  }
  const route: HttpRouteRecord = {
    routeId: ctx.newId().slice(0, 7),
    routeKey: input.routeKey,
    ...(input.target !== undefined ? { target: input.target } : {}),
  };
  return put({ ...api, routes: [...api.routes, route] }, route);
}

export function decideDeleteRoute(
  current: HttpApiAggregate | undefined,
  input: { apiId: string; routeId: string },
): HttpApiDecision<undefined> {
  const api = requireHttpApi(current, input.apiId);
  if (!api.routes.some((r) => r.routeId === input.routeId)) {
    throw new NotFoundException(`Invalid route identifier specified ${input.routeId}`);
  }
  return put({ ...api, routes: api.routes.filter((r) => r.routeId !== input.routeId) }, undefined);
}

export interface CreateStageInput {
  apiId: string;
  stageName: string;
  autoDeploy?: boolean;
  description?: string;
  stageVariables?: Record<string, string>;
  deploymentId?: string;
}

export function decideCreateStage(
  current: HttpApiAggregate | undefined,
  input: CreateStageInput,
  ctx: HttpApiContext,
): HttpApiDecision<HttpStageRecord> {
  const api = requireHttpApi(current, input.apiId);
  if (input.stageName !== '$default' && !/^[A-Za-z0-9_-]{1,128}$/.test(input.stageName)) {
    throw new BadRequestException(
      `Invalid stage name '${input.stageName}': '$default' or 1-128 letters, digits, '-' and '_'`,
    );
  }
  if (input.autoDeploy !== true || input.deploymentId !== undefined) {
    throw new BadRequestException(
      'gradual serves HTTP API stages with AutoDeploy only (deployments not implemented): set AutoDeploy to true',
    );
  }
  if (api.stages.some((s) => s.stageName === input.stageName)) {
    throw new ConflictException(`Stage ${input.stageName} already exists`);
  }
  const stage: HttpStageRecord = {
    stageName: input.stageName,
    autoDeploy: true,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.stageVariables !== undefined ? { stageVariables: input.stageVariables } : {}),
    createdDate: ctx.now,
    lastUpdatedDate: ctx.now,
  };
  return put({ ...api, stages: [...api.stages, stage] }, stage);
}
