import { BadRequestException, ConflictException, NotFoundException } from '../rest/errors.js';
import { checkCorsConfiguration } from './cors-rules.js';
import type { HttpApiDecision } from './store.js';
import type {
  HttpApiAggregate,
  HttpApiRecord,
  HttpCorsConfiguration,
  HttpIntegrationRecord,
  HttpRouteRecord,
  HttpStageRecord,
} from './model.js';
import { decideCreateIntegration, decideCreateRoute, requireHttpApi, type HttpApiContext } from './rules.js';

/** Pure decisions that change or remove what an HTTP API already has (UpdateApi, Update/Delete*). */

function put<T>(api: HttpApiAggregate, result: T): HttpApiDecision<T> {
  return { change: { kind: 'put', api }, result };
}

export interface UpdateApiInput {
  apiId: string;
  name?: string;
  description?: string;
  version?: string;
  corsConfiguration?: HttpCorsConfiguration;
}

export function decideUpdateApi(
  current: HttpApiAggregate | undefined,
  input: UpdateApiInput,
): HttpApiDecision<HttpApiRecord> {
  const agg = requireHttpApi(current, input.apiId);
  if (input.name !== undefined && (input.name.trim() === '' || input.name.length > 128))
    throw new BadRequestException('Invalid API name specified: 1 to 128 characters');
  const api: HttpApiRecord = {
    ...agg.api,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.version !== undefined ? { version: input.version } : {}),
    ...(input.corsConfiguration !== undefined
      ? { corsConfiguration: checkCorsConfiguration(input.corsConfiguration) }
      : {}),
  };
  return put({ ...agg, api }, api);
}

/** DeleteCorsConfiguration: the API no longer answers preflights nor adds CORS headers. */
export function decideDeleteCorsConfiguration(
  current: HttpApiAggregate | undefined,
  apiId: string,
): HttpApiDecision<undefined> {
  const agg = requireHttpApi(current, apiId);
  if (agg.api.corsConfiguration === undefined) return { change: { kind: 'none' }, result: undefined };
  const api: HttpApiRecord = { ...agg.api };
  delete api.corsConfiguration;
  return put({ ...agg, api }, undefined);
}

export interface UpdateIntegrationInput {
  apiId: string;
  integrationId: string;
  integrationType?: string;
  integrationUri?: string;
  payloadFormatVersion?: string;
  timeoutInMillis?: number;
  description?: string;
}

/** The integration with the given members changed, checked by CreateIntegration's own rules. */
export function decideUpdateIntegration(
  current: HttpApiAggregate | undefined,
  input: UpdateIntegrationInput,
  ctx: HttpApiContext,
): HttpApiDecision<HttpIntegrationRecord> {
  const agg = requireHttpApi(current, input.apiId);
  const old = agg.integrations.find((i) => i.integrationId === input.integrationId);
  if (!old) throw new NotFoundException(`Invalid integration identifier specified ${input.integrationId}`);
  const checked = decideCreateIntegration(
    { ...agg, integrations: [] },
    {
      apiId: input.apiId,
      integrationType: input.integrationType ?? old.integrationType,
      integrationUri: input.integrationUri ?? old.integrationUri,
      payloadFormatVersion: input.payloadFormatVersion ?? old.payloadFormatVersion,
      timeoutInMillis: input.timeoutInMillis ?? old.timeoutInMillis,
      ...((input.description ?? old.description) !== undefined
        ? { description: input.description ?? old.description }
        : {}),
    },
    ctx,
  ).result;
  const updated: HttpIntegrationRecord = { ...checked, integrationId: old.integrationId };
  const integrations = agg.integrations.map((i) => (i.integrationId === old.integrationId ? updated : i));
  return put({ ...agg, integrations }, updated);
}

export function decideDeleteIntegration(
  current: HttpApiAggregate | undefined,
  input: { apiId: string; integrationId: string },
): HttpApiDecision<undefined> {
  const agg = requireHttpApi(current, input.apiId);
  if (!agg.integrations.some((i) => i.integrationId === input.integrationId))
    throw new NotFoundException(`Invalid integration identifier specified ${input.integrationId}`);
  const user = agg.routes.find((r) => r.target === `integrations/${input.integrationId}`);
  if (user)
    throw new ConflictException(
      `Cannot delete integration ${input.integrationId}: route ${user.routeKey} (${user.routeId}) targets it`,
    );
  return put(
    { ...agg, integrations: agg.integrations.filter((i) => i.integrationId !== input.integrationId) },
    undefined,
  );
}

export interface UpdateRouteInput {
  apiId: string;
  routeId: string;
  routeKey?: string;
  target?: string;
  authorizationType?: string;
}

/** The route with a new key or target, checked by CreateRoute's own rules against the others. */
export function decideUpdateRoute(
  current: HttpApiAggregate | undefined,
  input: UpdateRouteInput,
  ctx: HttpApiContext,
): HttpApiDecision<HttpRouteRecord> {
  const agg = requireHttpApi(current, input.apiId);
  const old = agg.routes.find((r) => r.routeId === input.routeId);
  if (!old) throw new NotFoundException(`Invalid route identifier specified ${input.routeId}`);
  const target = input.target ?? old.target;
  const checked = decideCreateRoute(
    { ...agg, routes: agg.routes.filter((r) => r.routeId !== old.routeId) },
    {
      apiId: input.apiId,
      routeKey: input.routeKey ?? old.routeKey,
      ...(target !== undefined ? { target } : {}),
      ...(input.authorizationType !== undefined ? { authorizationType: input.authorizationType } : {}),
    },
    ctx,
  ).result;
  const updated: HttpRouteRecord = { ...checked, routeId: old.routeId };
  return put({ ...agg, routes: agg.routes.map((r) => (r.routeId === old.routeId ? updated : r)) }, updated);
}

export interface UpdateStageInput {
  apiId: string;
  stageName: string;
  autoDeploy?: boolean;
  description?: string;
  stageVariables?: Record<string, string>;
}

export function decideUpdateStage(
  current: HttpApiAggregate | undefined,
  input: UpdateStageInput,
  ctx: HttpApiContext,
): HttpApiDecision<HttpStageRecord> {
  const agg = requireHttpApi(current, input.apiId);
  const old = agg.stages.find((s) => s.stageName === input.stageName);
  if (!old) throw new NotFoundException(`Invalid stage identifier specified ${input.stageName}`);
  if (input.autoDeploy === false)
    throw new BadRequestException(
      'gradual serves HTTP API stages with AutoDeploy only (deployments not implemented): set AutoDeploy to true',
    );
  const stage: HttpStageRecord = {
    ...old,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.stageVariables !== undefined ? { stageVariables: input.stageVariables } : {}),
    lastUpdatedDate: ctx.now,
  };
  return put({ ...agg, stages: agg.stages.map((s) => (s === old ? stage : s)) }, stage);
}

export function decideDeleteStage(
  current: HttpApiAggregate | undefined,
  input: { apiId: string; stageName: string },
): HttpApiDecision<undefined> {
  const agg = requireHttpApi(current, input.apiId);
  if (!agg.stages.some((s) => s.stageName === input.stageName))
    throw new NotFoundException(`Invalid stage identifier specified ${input.stageName}`);
  return put({ ...agg, stages: agg.stages.filter((s) => s.stageName !== input.stageName) }, undefined);
}
