import type { SecretLookup } from '../auth/sigv4.js';
import type { Clock } from '../../common/clock.js';
import { assertNever, ServiceError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import type { Permissions } from '../functions/permissions.js';
import { apiGatewayMayInvoke } from './api-permission.js';
import type { Account } from '../functions/names.js';
import { parseLambdaUri, withStageVariables, type LambdaTarget } from '../apigateway/rest/integration-uri.js';
import type { MockIntegrationRecord } from '../apigateway/rest/model.js';
import type { DeployedStages } from './deployed-stages.js';
import { restApiEvent, restApiResponse } from './payload-v1.js';
import { flatHeaders, requestSigner } from './request-signer.js';
import { openAccessProblem } from './open-access.js';
import { headerValue, jsonResponse } from './responses.js';
import { mockOutcome } from './rest-mock.js';
import { matchRoute, pathSegments } from './rest-api-routes.js';
import type { GatewayRequest, GatewayResponse, GatewayRouter, RouteDecision } from './router.js';

export interface RestApiRouterDeps {
  stages: Pick<DeployedStages, 'lookup'>;
  permissions: Pick<Permissions, 'allows'>;
  /** Secrets to verify AWS_IAM methods' callers with; undefined when authentication is off. */
  secrets: SecretLookup | undefined;
  /** With authentication off: names besides IP addresses and localhost AWS_IAM callers may address. */
  allowedHosts: readonly string[];
  wallClock: Clock;
  account: Account;
  log: Log;
}

type IamIdentity = NonNullable<Parameters<typeof restApiEvent>[1]['iam']>;

/**
 * The caller of an AWS_IAM method (SigV4, service `execute-api`), or API Gateway's answer when
 * the signature is missing or wrong.
 */
async function iamCaller(
  request: GatewayRequest,
  deps: RestApiRouterDeps,
): Promise<IamIdentity | GatewayResponse> {
  const { accountId } = deps.account;
  if (!deps.secrets) {
    const open = openAccessProblem(request, deps.allowedHosts);
    if (open) return gatewayError(403, open, 'AccessDeniedException');
    const anonymous = 'anonymous';
    return {
      accessKey: anonymous,
      accountId,
      caller: anonymous,
      user: anonymous,
      userArn: `arn:aws:iam::${accountId}:root`,
    };
  }
  try {
    const caller = await requestSigner(request, flatHeaders(request), deps.secrets, deps.wallClock);
    if (caller.service !== 'execute-api') {
      return gatewayError(
        403,
        "Credential should be scoped to correct service: 'execute-api'. ",
        'InvalidSignatureException',
      );
    }
    const id = caller.accessKeyId;
    return {
      accessKey: id,
      accountId,
      caller: id,
      user: id,
      userArn: `arn:aws:iam::${accountId}:user/${id}`,
    };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return gatewayError(403, error.message, error.code);
  }
}

/** `<api id>.execute-api.localhost` (a region label or more before `localhost` allowed), any port. */
const HOST_STYLE = /^([a-z0-9]{10})\.execute-api\.(?:[a-z0-9-]+\.)*localhost$/;
/** For clients that cannot set Host, as LocalStack and API Gateway's own test URLs spell it. */
const PATH_STYLE = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/;

/** Where a request points: an API, a stage (undefined: none given) and the path after the stage. */
export function restApiTarget(
  hostname: string,
  rawPath: string,
): { apiId: string; stage: string | undefined; path: string; hostStyle: boolean } | undefined {
  const host = HOST_STYLE.exec(hostname);
  if (host) {
    const m = /^\/([^/]+)(\/.*)?$/.exec(rawPath);
    return { apiId: host[1]!, stage: m?.[1], path: m?.[2] ?? '/', hostStyle: true };
  }
  const path = PATH_STYLE.exec(rawPath);
  if (path) return { apiId: path[1]!, stage: path[2]!, path: path[3] ?? '/', hostStyle: false };
  return undefined;
}

/** API Gateway's short request id form (`LLCm7FonFiAFXFg=`), derived from the gateway's. */
function apiGatewayRequestId(requestId: string): string {
  return Buffer.from(requestId.replace(/-/g, '').slice(0, 22), 'hex').toString('base64');
}

/** API Gateway's own answers carry their error type, as `x-amzn-ErrorType`. */
function gatewayError(status: number, message: string, errorType: string): GatewayResponse {
  return jsonResponse(status, { message }, { 'x-amzn-errortype': errorType });
}

const MISSING_TOKEN = (): GatewayResponse =>
  gatewayError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
const FORBIDDEN = (): GatewayResponse => gatewayError(403, 'Forbidden', 'ForbiddenException');
const INTERNAL = (): GatewayResponse =>
  gatewayError(500, 'Internal server error', 'InternalServerErrorException');
/** What API Gateway answers when a proxy integration's function fails or answers malformed. */
const BAD_GATEWAY = (): GatewayResponse =>
  gatewayError(502, 'Internal server error', 'InternalServerErrorException');

/** A MOCK integration's answer, or API Gateway's when it has none for the request. */
function mockAnswer(
  integration: MockIntegrationRecord,
  request: GatewayRequest,
  log: Log,
  context: Record<string, string>,
): GatewayResponse {
  const outcome = mockOutcome(integration, headerValue(request.headers['content-type']));
  switch (outcome.kind) {
    case 'response':
      return outcome.response;
    case 'unsupported-media-type':
      return gatewayError(415, 'Unsupported Media Type', 'UnsupportedMediaTypeException');
    case 'no-mapping':
      log.warn(`REST API: Execution failed due to configuration error: ${outcome.reason}`, context);
      return INTERNAL();
    default:
      return assertNever(outcome);
  }
}

/**
 * REST APIs behind the gateway: the stage's deployed routes, the Lambda permission check API
 * Gateway's service principal is subject to, and payload format 1.0 both ways.
 */
export function restApiRouter(deps: RestApiRouterDeps): GatewayRouter {
  const { account, log } = deps;
  return {
    async route(request: GatewayRequest): Promise<RouteDecision | undefined> {
      const where = restApiTarget(request.hostname, request.rawPath);
      if (!where) return undefined;
      // API Gateway's id for the request, on every answer it gives (as `x-amz-apigw-id`).
      const apigwId = { 'x-amz-apigw-id': apiGatewayRequestId(request.requestId) };
      const withId = (response: GatewayResponse): GatewayResponse => ({
        ...response,
        headers: { ...response.headers, ...apigwId },
      });
      const answer = (response: GatewayResponse): RouteDecision => ({
        kind: 'answer',
        response: withId(response),
      });
      if (where.stage === undefined) return answer(FORBIDDEN());
      const lookup = await deps.stages.lookup(where.apiId, where.stage);
      if (lookup.kind === 'no-api') return answer(gatewayError(404, 'Not Found', 'NotFoundException'));
      if (lookup.kind === 'no-stage') return answer(FORBIDDEN());
      const { api, stage, routes } = lookup.deployed;
      const segments = pathSegments(where.path);
      if (!segments) return answer(gatewayError(400, 'Bad Request', 'BadRequestException'));
      const match = routes && matchRoute(routes, segments, request.method);
      if (!match?.method.integration) return answer(MISSING_TOKEN());

      let iam: IamIdentity | undefined;
      if (match.method.authorizationType === 'AWS_IAM') {
        const caller = await iamCaller(request, deps);
        if ('status' in caller) return answer(caller);
        iam = caller;
      }
      const context = { apiId: api.id, stage: stage.stageName, requestId: request.requestId };
      const integration = match.method.integration;
      if (integration.type === 'MOCK') return answer(mockAnswer(integration, request, log, context));
      // `${stageVariables.alias}` in the URI is the stage's variable, resolved per request.
      const uri = withStageVariables(integration.uri, stage.variables);
      if ('missing' in uri) {
        log.warn('REST API: Execution failed due to configuration error: a stage variable is not defined', {
          ...context,
          variable: uri.missing,
        });
        return answer(INTERNAL());
      }
      let target: LambdaTarget;
      try {
        target = parseLambdaUri(uri.uri, account);
      } catch (error) {
        log.warn('REST API: Execution failed due to configuration error: invalid integration URI', {
          ...context,
          reason: (error as Error).message,
        });
        return answer(INTERNAL());
      }
      const source = { apiId: api.id, stage: stage.stageName, method: request.method, segments };
      if (
        !(await apiGatewayMayInvoke(deps, source, target, {
          message:
            'REST API: Execution failed due to configuration error: Invalid permissions on Lambda function',
          ...context,
        }))
      )
        return answer(INTERNAL());

      const event = restApiEvent(request, {
        accountId: account.accountId,
        apiId: api.id,
        stage: stage.stageName,
        stageVariables: stage.variables,
        resourcePath: match.resource.path,
        resourceId: match.resource.id,
        path: `/${segments.join('/')}`,
        pathParameters: match.pathParameters,
        domainName: where.hostStyle ? request.hostname : `${api.id}.execute-api.localhost`,
        binaryMediaTypes: api.binaryMediaTypes ?? [],
        ...(iam ? { iam } : {}),
      });
      return {
        kind: 'invoke',
        target,
        event: Buffer.from(JSON.stringify(event)),
        respond(result) {
          if (result.functionError) {
            log.warn('REST API: Lambda execution failed with status 200 due to customer function error', {
              ...context,
              version: result.executedVersion,
              error: result.body.toString('utf8').slice(0, 1000),
            });
            return withId(BAD_GATEWAY());
          }
          const outcome = restApiResponse(result);
          if (outcome.kind === 'malformed') {
            log.warn(
              'REST API: Execution failed due to configuration error: Malformed Lambda proxy response',
              {
                ...context,
                version: result.executedVersion,
                reason: outcome.reason,
              },
            );
            return withId(BAD_GATEWAY());
          }
          return withId(outcome.response);
        },
        fail(error: ServiceError) {
          log.warn('REST API: the integration could not invoke the function', {
            ...context,
            function: target.functionName,
            error: `${error.code}: ${error.message}`,
          });
          // API Gateway answers an integration it could not invoke (throttled included) with a 500.
          return withId(INTERNAL());
        },
      };
    },
  };
}
