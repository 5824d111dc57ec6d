import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Clock } from '../../common/clock.js';
import {
  DatabaseUnavailableException,
  InvalidSignatureException,
  ServiceError,
  ServiceException,
  UnknownOperationException,
} from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { RequestEntityTooLargeException } from '../functions/errors.js';
import { verifySigV4, type Caller, type SecretLookup } from '../auth/sigv4.js';
import { CODE_URL_PATH } from './code-url.js';
import { isOutOfSpace } from '../capacity/out-of-space.js';
import { outOfSpaceError } from './out-of-space.js';
import { unavailableError } from './unavailable.js';
import { authorizeIfSession, queryRecord, type AuthorizeSession, type RequestOrigin } from './access.js';
import { bodyObject, type ApiRequest, type RpcEndpoint } from './endpoint.js';
import type { LambdaDeps } from './lambda/operation.js';
import { isLambdaPath, LAMBDA_SERVICE } from './lambda/routes.js';
import { openAccessGuard } from './open-access.js';
import { restJsonError, type WireResponse } from './protocols/rest-json.js';
import { mountRest } from './rest-operation.js';
import { credentialScopeService, NotImplemented, unimplementedError } from './unimplemented.js';

/** The largest request any operation accepts (CreateFunction with a 50 MB zip, base64 in JSON). */
export const MAX_REQUEST_BYTES = 70_167_211;

/** gradual's own HTTP routes under a path prefix (beyond AWS: decision logs, event streams). */
export interface Extension {
  prefix: string;
  /** The SigV4 service name callers sign with; undefined for routes that check access themselves. */
  signingName: string | undefined;
  /** Writes errors in the service's own protocol; Lambda's REST-JSON form when undefined. */
  writeError?: (error: ServiceError) => WireResponse;
  mount(app: Hono<ApiEnv>): void;
  /**
   * Answers some unsigned GETs straight from Node's request, before the app builds web Request and
   * Response objects (see quick-answers.ts); undefined leaves the request to the app's routes,
   * which must answer it the same way.
   */
  quick?(request: QuickRequest): Promise<QuickAnswer> | undefined;
}

/** A GET without a body, as an extension's quick answer sees it. */
export interface QuickRequest {
  rawPath: string;
  /** Lowercase names. */
  headers: Readonly<Record<string, string | undefined>>;
}

/**
 * A response, or an error to write in the extension's protocol with `headers` added (those the
 * extension puts on every answer, errors included).
 */
export type QuickAnswer = WireResponse | { error: ServiceError; headers: Readonly<Record<string, string>> };

export interface ApiDeps {
  lambda: LambdaDeps;
  extensions: readonly Extension[];
  /** Services on `POST /`: CloudWatch, CodeDeploy. */
  endpoints: readonly RpcEndpoint[];
  /** Secrets to verify SigV4 with, or undefined when authentication is off. */
  secrets: SecretLookup | undefined;
  /** Names besides IP addresses and localhost requests may address when authentication is off. */
  allowedHosts: readonly string[];
  /** Wall-clock time for signature expiry, even when the platform runs on a scaled clock. */
  wallClock: Clock;
  /**
   * When signatures may be dated: the wall clock's time and, under --time-scale, the functions'
   * (an SDK inside a function signs with the time it reads). The wall clock's alone when undefined.
   */
  signatureTimes?: () => readonly number[];
  random: Random;
  log: Log;
  /** `GET /metrics`: the Prometheus exposition, served without authentication. */
  metricsPage?: { contentType: string; render(): Promise<string> };
  /** Hears every answered request: for request counts in `/metrics`. */
  observeRequest?: (service: string, status: number, seconds: number) => void;
  /** Authorizes what functions do with their credentials; everything is allowed without it. */
  authorizeSession?: AuthorizeSession;
  /**
   * In a cluster: resolves once this node has applied every change committed before the request
   * came, so a write acknowledged by any node is read back by the next call here.
   */
  catchUp?: () => Promise<void>;
}

/** Where Prometheus scrapes; unsigned, like presigned code links. */
export const METRICS_PATH = '/metrics';

/** How a request is answered: which service, so errors are written in its protocol. */
interface Route {
  signingName: string | undefined;
  writeError(error: ServiceError): WireResponse;
  endpoint?: RpcEndpoint;
}

export type ApiEnv = Env;

type Env = {
  Bindings: HttpBindings;
  Variables: {
    requestId: string;
    body: Buffer;
    request: Omit<ApiRequest, 'caller'>;
    route: Route;
    caller: Caller | undefined;
  };
};

function origin(c: Context<Env>): RequestOrigin {
  return { sourceIp: c.env.incoming.socket.remoteAddress };
}

function send(c: Pick<Context<Env>, 'body'>, response: WireResponse): Response {
  const { body, status, headers } = response;
  if (body === undefined) return c.body(null, status as 200, headers);
  return c.body(typeof body === 'string' ? body : new Uint8Array(body), status as 200, headers);
}

/** The operation a too-large request was for, to name it as AWS does. */
function operationName(method: string, path: string): string {
  if (method === 'POST' && /^\/2015-03-31\/functions\/?$/.test(path)) return 'CreateFunction';
  if (method === 'PUT' && path.endsWith('/code')) return 'UpdateFunctionCode';
  return 'requested';
}

function splitUrl(raw: string): { rawPath: string; rawQuery: string } {
  const q = raw.indexOf('?');
  return q < 0 ? { rawPath: raw, rawQuery: '' } : { rawPath: raw.slice(0, q), rawQuery: raw.slice(q + 1) };
}

const LAMBDA_ROUTE: Route = { signingName: 'lambda', writeError: restJsonError };
const UNSIGNED_ROUTE: Route = { signingName: undefined, writeError: restJsonError };

/**
 * One HTTP application for every AWS-compatible API of gradual (Smithy's AWS protocols): Lambda by path
 * prefix; JSON and query protocols on `POST /` by `X-Amz-Target` or `Action`. Each request is
 * routed to its service first, so that even authentication errors speak that service's protocol.
 */
export function createApiApp(deps: ApiDeps): Hono<Env> {
  const app = new Hono<Env>({ strict: false });
  const refuseOpenAccess = openAccessGuard(deps.allowedHosts);
  // Signing names with a handler; any other service is answered as not implemented.
  const implemented = new Set<string>(['lambda']);
  for (const e of deps.endpoints) implemented.add(e.signingName);
  for (const e of deps.extensions) if (e.signingName) implemented.add(e.signingName);

  app.onError((error, c) => {
    const route = c.get('route') ?? LAMBDA_ROUTE;
    if (error instanceof DatabaseUnavailableException)
      return send(c, route.writeError(unavailableError(route.signingName, error)));
    if (error instanceof ServiceError) return send(c, route.writeError(error));
    if (isOutOfSpace(error)) {
      deps.log.warn('a write found the data dir full', {
        requestId: c.get('requestId'),
        error: String(error),
      });
      return send(c, route.writeError(outOfSpaceError(route.signingName, error)));
    }
    deps.log.error('request failed', { requestId: c.get('requestId'), error: error.stack ?? String(error) });
    const internal = new ServiceException(
      `Internal error; the server log has the details (request ${c.get('requestId')}).`,
    );
    return send(c, route.writeError(internal));
  });

  app.notFound((c) => {
    const { rawPath } = splitUrl(c.env.incoming.url ?? '/');
    const where = isLambdaPath(rawPath) ? 'the Lambda API' : 'gradual';
    throw new UnknownOperationException(`${where} has no operation for ${c.req.method} ${rawPath}`);
  });

  app.use('*', async (c, next) => {
    c.set('requestId', deps.random.uuid());
    const started = performance.now();
    await next();
    c.header('x-amzn-RequestId', c.get('requestId'));
    const service = c.get('route')?.signingName ?? 'unsigned';
    deps.observeRequest?.(service, c.res.status, (performance.now() - started) / 1000);
  });

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_REQUEST_BYTES,
      onError: (c) => {
        const { rawPath } = splitUrl(new URL(c.req.url).pathname);
        throw new RequestEntityTooLargeException(
          `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the ${operationName(c.req.method, rawPath)} operation`,
        );
      },
    }),
  );

  // Read the body, pick the service, then authenticate.
  app.use('*', async (c, next) => {
    const { rawPath, rawQuery } = splitUrl(c.env.incoming.url ?? '/');
    const request = {
      method: c.req.method,
      rawPath,
      rawQuery,
      headers: c.env.incoming.headers as Record<string, string | undefined>,
      body: Buffer.from(await c.req.arrayBuffer()),
      requestId: c.get('requestId'),
    };
    c.set('request', request);
    c.set('body', request.body);
    const endpoint = deps.endpoints.find((e) => e.matches(request));
    const extension = deps.extensions.find((e) => rawPath.startsWith(e.prefix));
    const scoped = credentialScopeService(request);
    const unknown = scoped !== undefined && !implemented.has(scoped) ? scoped : undefined;
    const route: Route = unknown
      ? { signingName: unknown, writeError: (e) => unimplementedError(unknown, e, request) }
      : endpoint
        ? { signingName: endpoint.signingName, writeError: (e) => endpoint.writeError(e, request), endpoint }
        : extension
          ? { signingName: extension.signingName, writeError: extension.writeError ?? restJsonError }
          : rawPath.startsWith(CODE_URL_PATH) || // presigned code links carry their own signature
              (rawPath === METRICS_PATH && request.method === 'GET') // Prometheus scrapes unsigned
            ? UNSIGNED_ROUTE
            : LAMBDA_ROUTE;
    c.set('route', route);
    c.set('caller', undefined);
    if (!deps.secrets && route.signingName) refuseOpenAccess(request.headers);
    if (deps.secrets && route.signingName) {
      const caller = await verifySigV4(
        request,
        deps.secrets,
        deps.signatureTimes?.() ?? deps.wallClock.now(),
      );
      if (caller.service !== route.signingName) {
        throw new InvalidSignatureException(
          `Credential should be scoped to correct service: '${route.signingName}'. `,
        );
      }
      c.set('caller', caller);
      const service = extension?.signingName;
      if (!endpoint && (service === 'apigateway' || service === 'gradual')) {
        await authorizeIfSession(
          deps.authorizeSession,
          caller,
          () => ({ service, method: request.method, path: rawPath, body: bodyObject(request.body) }),
          { sourceIp: c.env.incoming.socket.remoteAddress },
        );
      }
    }
    if (unknown) throw new NotImplemented(unknown, [...implemented]);
    if (deps.catchUp && route.signingName) await deps.catchUp();
    if (endpoint?.everyPath) {
      await authorizeIfSession(deps.authorizeSession, c.get('caller'), () => endpoint.operation(request), {
        sourceIp: c.env.incoming.socket.remoteAddress,
      });
      const response = await endpoint.handle({ ...request, caller: c.get('caller') });
      return send(c, response);
    }
    await next();
  });

  app.get(`${CODE_URL_PATH}:file`, async (c) => {
    const sha = (c.req.param('file') ?? '').replace(/\.zip$/, '');
    const now = deps.lambda.clock.now();
    const genuine =
      /^[0-9a-f]{64}$/.test(sha) &&
      deps.lambda.codeUrls.verify(sha, c.req.query('expires') ?? null, c.req.query('signature') ?? null, now);
    if (!genuine)
      return c.text('This code link is invalid or has expired; call GetFunction again for a fresh one.', 403);
    const zip = await deps.lambda.registry.readCode(sha);
    return c.body(new Uint8Array(zip), 200, { 'content-type': 'application/zip' });
  });

  const metricsPage = deps.metricsPage;
  if (metricsPage) {
    app.get(METRICS_PATH, async (c) =>
      c.body(await metricsPage.render(), 200, { 'content-type': metricsPage.contentType }),
    );
  }

  mountRest(app, LAMBDA_SERVICE, deps.lambda, send, (c, op) =>
    authorizeIfSession(
      deps.authorizeSession,
      c.get('caller'),
      () => ({
        service: 'lambda',
        operation: op.name,
        params: c.req.param(),
        query: queryRecord(new URL(c.req.url).searchParams),
        body: bodyObject(c.get('body')),
      }),
      origin(c),
    ),
  );

  for (const extension of deps.extensions) extension.mount(app);

  const rpc = async (c: Context<Env>): Promise<Response> => {
    const { endpoint } = c.get('route');
    if (!endpoint) {
      throw new UnknownOperationException(
        'gradual could not tell which service this request is for: send X-Amz-Target (JSON protocols) or Action (query protocol).',
      );
    }
    const request = c.get('request');
    await authorizeIfSession(
      deps.authorizeSession,
      c.get('caller'),
      () => endpoint.operation(request),
      origin(c),
    );
    return send(c, await endpoint.handle({ ...request, caller: c.get('caller') }));
  };
  app.post('/', rpc);
  app.post('/service/*', rpc);

  return app;
}
