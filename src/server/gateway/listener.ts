import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SecretLookup } from '../auth/sigv4.js';
import type { Clock } from '../../common/clock.js';
import { DatabaseUnavailableException, ServiceError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { Invoker } from '../invoke/invoker.js';
import { hostnameOf, joinedHeaders, readBody, TOO_LARGE } from './http-request.js';
import { PINNED_VERSION_HEADER } from '../invoke/routing.js';
import { IDLE_KEEP_ALIVE_MS } from './keep-alive.js';
import { pinnedFor } from './pinned-version.js';
import { requestGate } from './request-gate.js';
import { jsonResponse } from './responses.js';
import type { GatewayRequest, GatewayResponse, GatewayRouter, RouteDecision } from './router.js';
import { routingKeyOf, type StickyOptions } from './routing-key.js';

/** API Gateway's payload limit, and the gateway's. */
export const MAX_GATEWAY_BODY_BYTES = 10 * 1024 * 1024;

export interface GatewayDeps {
  invoker: Pick<Invoker, 'invoke'>;
  /** Asked in order; the first that recognises a request answers it. */
  routers: readonly GatewayRouter[];
  /** To check who may pin a version; undefined when authentication is off. */
  secrets: SecretLookup | undefined;
  /** With authentication off: names besides IP addresses and localhost a pinning caller may address. */
  allowedHosts: readonly string[];
  wallClock: Clock;
  random: Random;
  log: Log;
}

export interface GatewayOptions {
  host: string;
  port: number;
  sticky: StickyOptions;
  /** A client must send its headers within this time (then 408). */
  headersTimeoutMs?: number;
  /** ... and its whole request within this one. */
  requestTimeoutMs?: number;
  /** How often Node checks those timeouts. */
  timeoutCheckMs?: number;
  maxBodyBytes?: number;
}

export interface GatewayListener {
  url: string;
  port: number;
  /** Requests read and not yet answered. */
  inFlight(): number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then cuts what is left. */
  close(graceMs: number): Promise<void>;
}

/** Errors from invoking, as the front door maps them, or the gateway's defaults. */
function failureResponse(
  decision: Extract<RouteDecision, { kind: 'invoke' }>,
  error: ServiceError,
): GatewayResponse {
  const mapped = decision.fail?.(error);
  if (mapped) return mapped;
  if (error.code === 'TooManyRequestsException') return jsonResponse(429, { message: 'Too Many Requests' });
  if (error.code === 'ResourceNotFoundException') return jsonResponse(404, { message: 'Not Found' });
  // The database out of reach (a call that needed it): retryable, as API Gateway's own 503.
  if (error instanceof DatabaseUnavailableException)
    return jsonResponse(503, { message: 'Service Unavailable' });
  return jsonResponse(502, { message: 'Internal server error' });
}

/** The gateway's port, bound before the services that name it are built; it answers once served. */
export interface BoundGateway {
  url: string;
  port: number;
  /** Starts answering (requests that arrived since binding included). */
  serve(deps: GatewayDeps): GatewayListener;
  /** Frees the port of a gateway never served (a start-up that failed). */
  release(): Promise<void>;
}

/**
 * The HTTP gateway: its own listener, separate from the control API. Each request is read
 * (within the size limit), offered to the front doors in order, invoked through the Invoker
 * (sticky routing key and pinned version included) and answered. A client that goes away
 * mid-invocation changes nothing for the invocation: it completes and its environment returns
 * to the pool; only the answer is dropped.
 */
export async function listenGateway(options: GatewayOptions): Promise<BoundGateway> {
  const maxBody = options.maxBodyBytes ?? MAX_GATEWAY_BODY_BYTES;
  const gate = requestGate();
  const server: Server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 120_000,
      connectionsCheckingInterval: options.timeoutCheckMs ?? 1000,
      keepAliveTimeout: IDLE_KEEP_ALIVE_MS,
    },
    gate.listener,
  );

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || socket.destroyed) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const message =
      status === 408
        ? 'Request Timeout: the request was not received in time'
        : status === 431
          ? 'Request Header Fields Too Large'
          : `Bad Request: ${error.message}`;
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  let served = false;
  return {
    url,
    port,
    release: () =>
      served || !server.listening
        ? Promise.resolve()
        : new Promise<void>((done) => server.close(() => done())),
    serve(deps) {
      served = true;
      let inFlight = 0;
      let closing = false;
      // One listener for every response, not a closure made per request.
      const answered = (): void => {
        inFlight -= 1;
        if (closing) server.closeIdleConnections();
      };
      gate.open((req, res) => {
        inFlight += 1;
        res.once('close', answered);
        handle(req, res).catch((error: unknown) => {
          deps.log.error('gateway request failed', {
            error: error instanceof Error ? error.stack : String(error),
          });
          write(res, jsonResponse(500, { message: 'Internal server error' }));
        });
      });

      function write(
        res: ServerResponse,
        response: GatewayResponse,
        extra: Record<string, string | string[]> = {},
      ): void {
        if (res.destroyed || res.headersSent) return; // the client went away: no one to tell
        const headers: Record<string, string | string[] | number> = { ...response.headers };
        for (const name in extra) {
          const value = extra[name]!;
          const prior = headers[name];
          headers[name] =
            name === 'set-cookie' && prior !== undefined
              ? [
                  ...(Array.isArray(prior) ? prior : [String(prior)]),
                  ...(Array.isArray(value) ? value : [value]),
                ]
              : value;
        }
        headers['content-length'] = response.body.length;
        if (closing) headers['connection'] = 'close';
        res.writeHead(response.status, headers);
        res.end(response.body);
      }

      async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const requestId = deps.random.uuid();
        const receivedAt = deps.wallClock.now();
        const ids = { 'x-amzn-requestid': requestId };
        let body: Buffer | typeof TOO_LARGE;
        try {
          body = await readBody(req, maxBody);
        } catch {
          return; // the client left before sending everything
        }
        if (body === TOO_LARGE) {
          write(
            res,
            jsonResponse(413, { message: `Request Too Long: the body exceeds ${maxBody} bytes` }),
            ids,
          );
          return;
        }
        const url = req.url ?? '/';
        const q = url.indexOf('?');
        const headers = joinedHeaders(req.rawHeaders);
        const request: GatewayRequest = {
          method: req.method ?? 'GET',
          rawPath: q < 0 ? url : url.slice(0, q),
          rawQuery: q < 0 ? '' : url.slice(q + 1),
          headers,
          rawHeaders: req.rawHeaders,
          body,
          hostname: hostnameOf(headers['host']),
          sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
          requestId,
          receivedAt,
        };
        let decision: RouteDecision | undefined;
        for (const router of deps.routers) {
          decision = await router.route(request);
          if (decision) break;
        }
        if (!decision) {
          write(
            res,
            jsonResponse(404, { message: `Not Found: no function URL or API answers ${request.rawPath}` }),
            ids,
          );
          return;
        }
        if (decision.kind === 'answer') {
          write(res, decision.response, ids);
          return;
        }
        // Most requests pin nothing: no promise to wait for then.
        const pinned =
          request.headers[PINNED_VERSION_HEADER] === undefined
            ? undefined
            : await pinnedFor(request, deps.secrets, deps.wallClock.now(), deps.allowedHosts);
        if (typeof pinned === 'object') {
          write(res, pinned, ids);
          return;
        }
        const sticky = routingKeyOf(request, options.sticky, deps.random);
        let response: GatewayResponse;
        const extra: Record<string, string> = { 'x-amzn-requestid': requestId };
        try {
          const result = await deps.invoker.invoke({
            functionName: decision.target.functionName,
            qualifier: decision.target.qualifier,
            payload: decision.event,
            requestId,
            invocationType: 'RequestResponse',
            tail: false,
            clientContext: undefined,
            routingKey: sticky.key,
            pinnedVersion: pinned,
          });
          response = decision.respond(result);
          extra['x-gradual-executed-version'] = result.executedVersion;
        } catch (error) {
          if (!(error instanceof ServiceError)) throw error;
          response = failureResponse(decision, error);
        }
        if (sticky.setCookie) extra['set-cookie'] = sticky.setCookie;
        write(res, response, extra);
      }

      return {
        url,
        port,
        inFlight: () => inFlight,
        close: (graceMs) =>
          new Promise<void>((done) => {
            closing = true;
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      };
    },
  };
}
