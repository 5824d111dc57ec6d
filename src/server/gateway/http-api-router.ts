import type { ServiceError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import type { HttpApis } from '../apigateway/http/http-apis.js';
import type { HttpApiAggregate, HttpIntegrationRecord, HttpStageRecord } from '../apigateway/http/model.js';
import { integrationTarget } from '../apigateway/http/rules.js';
import type { Account } from '../functions/names.js';
import type { Permissions } from '../functions/permissions.js';
import { apiGatewayMayInvoke } from './api-permission.js';
import type { LambdaTarget } from '../apigateway/rest/integration-uri.js';
import { httpApiPreflight, withHttpApiCors } from './http-api-cors.js';
import { selectRoute } from './http-api-routes.js';
import { flatHeaders } from './request-signer.js';
import { restApiEvent, restApiResponse } from './payload-v1.js';
import { functionUrlEvent, functionUrlResponse } from './payload-v2.js';
import { jsonResponse } from './responses.js';
import { pathSegments } from './rest-api-routes.js';
import type { GatewayRequest, GatewayResponse, GatewayRouter, RouteDecision } from './router.js';

export interface HttpApiRouterDeps {
  apis: Pick<HttpApis, 'load' | 'onChange'>;
  permissions: Pick<Permissions, 'allows'>;
  account: Account;
  log: Log;
}

/** `<api id>.execute-api.localhost` (region labels allowed before `localhost`), any port. */
const HOST_STYLE = /^([a-z0-9]{10})\.execute-api\.(?:[a-z0-9-]+\.)*localhost$/;
/** For clients that cannot set Host: `/httpapis/<api id>/<stage path>`. */
const PATH_STYLE = /^\/httpapis\/([^/]+)(\/.*)?$/;

/** Where a request points: an API and the path as the API sees it (stage included, if named). */
export function httpApiTarget(
  hostname: string,
  rawPath: string,
): { apiId: string; path: string; hostStyle: boolean } | undefined {
  const host = HOST_STYLE.exec(hostname);
  if (host) return { apiId: host[1]!, path: rawPath || '/', hostStyle: true };
  const path = PATH_STYLE.exec(rawPath);
  if (path) return { apiId: path[1]!, path: path[2] ?? '/', hostStyle: false };
  return undefined;
}

/**
 * The stage a path is for and the path after it: a first segment naming a stage selects it,
 * anything else goes to `$default` (served at the root); undefined when neither exists.
 */
export function selectStage(
  stages: readonly HttpStageRecord[],
  segments: readonly string[],
): { stage: HttpStageRecord; segments: readonly string[] } | undefined {
  const first = segments[0];
  const named =
    first === undefined ? undefined : stages.find((s) => s.stageName === first && first !== '$default');
  if (named) return { stage: named, segments: segments.slice(1) };
  const fallback = stages.find((s) => s.stageName === '$default');
  return fallback ? { stage: fallback, segments } : undefined;
}

function gatewayError(status: number, message: string): GatewayResponse {
  return jsonResponse(status, { message });
}
const NOT_FOUND = (): GatewayResponse => gatewayError(404, 'Not Found');
const INTERNAL = (): GatewayResponse => gatewayError(500, 'Internal Server Error');

/**
 * HTTP APIs behind the gateway. Host-style requests for an id that is not an HTTP API are left
 * to the next router (REST APIs share the host form); path-style ones are answered 404. AutoDeploy
 * stages serve the API's current routes, cached until the API changes.
 */
export function httpApiRouter(deps: HttpApiRouterDeps): GatewayRouter {
  const { account, log } = deps;
  const cache = new Map<string, Promise<HttpApiAggregate | undefined>>();
  deps.apis.onChange((apiId) => cache.delete(apiId));
  function load(apiId: string): Promise<HttpApiAggregate | undefined> {
    let found = cache.get(apiId);
    if (!found) {
      const loading = deps.apis.load(apiId);
      found = loading;
      cache.set(apiId, loading);
      // Neither a failed read nor a miss is remembered: ids come from anyone's requests.
      const forget = (): void => {
        if (cache.get(apiId) === loading) cache.delete(apiId);
      };
      loading.then((agg) => agg ?? forget(), forget);
    }
    return found;
  }

  return {
    async route(request: GatewayRequest): Promise<RouteDecision | undefined> {
      const where = httpApiTarget(request.hostname, request.rawPath);
      if (!where) return undefined;
      const agg = await load(where.apiId);
      if (!agg) return where.hostStyle ? undefined : { kind: 'answer', response: NOT_FOUND() };
      const answer = (response: GatewayResponse): RouteDecision => ({ kind: 'answer', response });
      const all = pathSegments(where.path);
      if (!all) return answer(gatewayError(400, 'Bad Request'));
      const staged = selectStage(agg.stages, all);
      if (!staged) return answer(NOT_FOUND());
      const { stage, segments } = staged;
      const headers = flatHeaders(request);
      const cors = agg.api.corsConfiguration;
      const preflight = httpApiPreflight(cors, agg.routes, request.method, segments, headers);
      if (preflight) return answer(preflight);
      const withCors = (response: GatewayResponse): GatewayResponse =>
        withHttpApiCors(response, cors, headers['origin']);
      const match = selectRoute(agg.routes, request.method, segments);
      const integrationId = match?.route.target?.replace(/^integrations\//, '');
      const integration: HttpIntegrationRecord | undefined = agg.integrations.find(
        (i) => i.integrationId === integrationId,
      );
      if (!match || !integration) return answer(NOT_FOUND());

      const apiId = agg.api.apiId;
      const context = {
        apiId,
        stage: stage.stageName,
        route: match.route.routeKey,
        requestId: request.requestId,
      };
      let target: LambdaTarget;
      try {
        target = integrationTarget(integration.integrationUri, account);
      } catch (error) {
        log.warn('HTTP API: the integration URI is not a Lambda function', {
          ...context,
          reason: (error as Error).message,
        });
        return answer(INTERNAL());
      }
      const source = { apiId: apiId, stage: stage.stageName, method: request.method, segments };
      if (
        !(await apiGatewayMayInvoke(deps, source, target, {
          message: 'HTTP API: Invalid permissions on Lambda function',
          ...context,
        }))
      )
        return answer(INTERNAL());

      const domainName = where.hostStyle ? request.hostname : `${apiId}.execute-api.localhost`;
      const v1 = integration.payloadFormatVersion === '1.0';
      const routePath = match.route.routeKey.replace(/^\S+ /, '');
      // HTTP APIs' 1.0 events are REST APIs' with a `version` member.
      const event = v1
        ? {
            version: '1.0',
            ...restApiEvent(request, {
              accountId: account.accountId,
              apiId,
              stage: stage.stageName,
              stageVariables:
                stage.stageVariables && Object.keys(stage.stageVariables).length > 0
                  ? stage.stageVariables
                  : undefined,
              resourcePath: match.route.routeKey === '$default' ? '$default' : routePath,
              resourceId: match.route.routeId,
              path: where.path,
              pathParameters: match.pathParameters,
              domainName,
              binaryMediaTypes: [],
            }),
          }
        : functionUrlEvent(request, {
            accountId: account.accountId,
            urlId: apiId,
            domainName,
            rawPath: where.path,
            iam: undefined,
            routeKey: match.route.routeKey,
            stage: stage.stageName,
            ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
            ...(stage.stageVariables ? { stageVariables: stage.stageVariables } : {}),
          });
      return {
        kind: 'invoke',
        target,
        event: Buffer.from(JSON.stringify(event)),
        respond(result) {
          if (result.functionError) {
            log.warn('HTTP API: the function failed', {
              ...context,
              version: result.executedVersion,
              error: result.body.toString('utf8').slice(0, 1000),
            });
            return withCors(INTERNAL());
          }
          const outcome = v1 ? restApiResponse(result) : functionUrlResponse(result);
          if (outcome.kind === 'malformed') {
            log.warn('HTTP API: malformed Lambda proxy response', {
              ...context,
              version: result.executedVersion,
              reason: outcome.reason,
            });
            return withCors(INTERNAL());
          }
          return withCors(outcome.response);
        },
        fail(error: ServiceError) {
          log.warn('HTTP API: the integration could not invoke the function', {
            ...context,
            function: target.functionName,
            error: `${error.code}: ${error.message}`,
          });
          if (error.code === 'TooManyRequestsException')
            return withCors(gatewayError(429, 'Too Many Requests'));
          return withCors(INTERNAL());
        },
      };
    },
  };
}
