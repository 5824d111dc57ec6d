import type { SecretLookup } from '../auth/sigv4.js';
import type { Clock } from '../../common/clock.js';
import type { ServiceError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import type { FunctionUrls } from '../functions/function-urls.js';
import { LATEST, type Account } from '../functions/names.js';
import { corsHeaders, isPreflight, preflightResponse } from './cors.js';
import { functionUrlEvent, functionUrlResponse, type IamCaller } from './payload-v2.js';
import { flatHeaders, requestSigner } from './request-signer.js';
import { openAccessProblem } from './open-access.js';
import { jsonResponse } from './responses.js';
import type { GatewayRequest, GatewayResponse, GatewayRouter, RouteDecision } from './router.js';

export interface FunctionUrlRouterDeps {
  urls: Pick<FunctionUrls, 'byId'>;
  /** Secrets to verify AWS_IAM callers with; undefined when authentication is off (all accepted). */
  secrets: SecretLookup | undefined;
  /** With authentication off: names besides IP addresses and localhost AWS_IAM callers may address. */
  allowedHosts: readonly string[];
  wallClock: Clock;
  account: Account;
  log: Log;
}

const HOST_STYLE = /^([a-z0-9]{32})\.lambda-url\./;
/** For clients that cannot set Host: `/lambda-url/<url-id>/<path>`. */
const PATH_STYLE = /^\/lambda-url\/([^/?]+)(\/.*)?$/;

const FORBIDDEN = { Message: 'Forbidden' };
const NO_HEADERS: Record<string, string | undefined> = {};
const sameResponse = (response: GatewayResponse): GatewayResponse => response;

/** Where a request points: a URL id and the path the function sees. */
export function urlTarget(hostname: string, rawPath: string): { urlId: string; path: string } | undefined {
  const host = HOST_STYLE.exec(hostname);
  if (host) return { urlId: host[1]!, path: rawPath || '/' };
  const path = PATH_STYLE.exec(rawPath);
  if (path) return { urlId: path[1]!, path: path[2] ?? '/' };
  return undefined;
}

/** Function URLs behind the gateway: auth, CORS, and payload format 2.0 both ways. */
export function functionUrlRouter(deps: FunctionUrlRouterDeps): GatewayRouter {
  async function iamCaller(
    request: GatewayRequest,
    headers: Record<string, string | undefined>,
  ): Promise<IamCaller | string> {
    if (!deps.secrets)
      return {
        accessKey: 'anonymous',
        accountId: deps.account.accountId,
        callerId: 'anonymous',
        userArn: `arn:aws:iam::${deps.account.accountId}:root`,
        userId: 'anonymous',
      };
    try {
      const caller = await requestSigner(request, headers, deps.secrets, deps.wallClock);
      if (caller.service !== 'lambda') return `signed for service '${caller.service}', not 'lambda'`;
      return {
        accessKey: caller.accessKeyId,
        accountId: deps.account.accountId,
        callerId: caller.accessKeyId,
        userArn: `arn:aws:iam::${deps.account.accountId}:user/${caller.accessKeyId}`,
        userId: caller.accessKeyId,
      };
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  return {
    async route(request): Promise<RouteDecision | undefined> {
      const where = urlTarget(request.hostname, request.rawPath);
      if (!where) return undefined;
      const record = deps.urls.byId(where.urlId);
      if (!record) return { kind: 'answer', response: jsonResponse(404, { Message: 'Not Found' }) };
      const cors = record.cors;
      // One string per header, for CORS and SigV4 only: a URL with neither does not copy them.
      const headers = cors || record.authType === 'AWS_IAM' ? flatHeaders(request) : NO_HEADERS;
      if (cors && isPreflight(request.method, headers)) {
        return { kind: 'answer', response: preflightResponse(cors, headers) };
      }
      let iam: IamCaller | undefined;
      if (record.authType === 'AWS_IAM') {
        const open = deps.secrets ? undefined : openAccessProblem(request, deps.allowedHosts);
        if (open) return { kind: 'answer', response: jsonResponse(403, { Message: open }) };
        const caller = await iamCaller(request, headers);
        if (typeof caller === 'string') {
          deps.log.info('function URL: request refused', {
            urlId: record.urlId,
            requestId: request.requestId,
            reason: caller,
          });
          return { kind: 'answer', response: jsonResponse(403, FORBIDDEN) };
        }
        iam = caller;
      }
      const event = functionUrlEvent(request, {
        accountId: iam ? deps.account.accountId : 'anonymous',
        urlId: record.urlId,
        domainName: request.hostname.startsWith(record.urlId)
          ? request.hostname
          : `${record.urlId}.lambda-url.${deps.account.region}.localhost`,
        rawPath: where.path,
        iam,
      });
      const withCors = cors
        ? (response: GatewayResponse): GatewayResponse => ({
            ...response,
            headers: { ...response.headers, ...corsHeaders(cors, headers['origin']) },
          })
        : sameResponse;
      return {
        kind: 'invoke',
        target: {
          functionName: record.functionName,
          qualifier: record.qualifier === LATEST ? undefined : record.qualifier,
        },
        event: Buffer.from(JSON.stringify(event)),
        respond(result) {
          if (result.functionError) {
            return withCors(jsonResponse(502, { Message: 'Internal Server Error' }));
          }
          const outcome = functionUrlResponse(result);
          if (outcome.kind === 'malformed') {
            deps.log.warn('function URL: the function returned a malformed response', {
              function: record.functionName,
              version: result.executedVersion,
              requestId: request.requestId,
              reason: outcome.reason,
            });
            return withCors(jsonResponse(502, { Message: 'Internal Server Error' }));
          }
          return withCors(outcome.response);
        },
        fail: (error) => withCors(failure(error)),
      };
    },
  };
}

/** Function URLs answer a throttle with 429 (AWS: urls-configuration, "Throttling function URLs"). */
function failure(error: ServiceError): GatewayResponse {
  if (error.code === 'TooManyRequestsException') return jsonResponse(429, { Message: 'Rate Exceeded.' });
  if (error.code === 'ResourceNotFoundException') return jsonResponse(404, { Message: 'Not Found' });
  return jsonResponse(502, { Message: 'Internal Server Error' });
}
