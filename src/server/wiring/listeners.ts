import { chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionableError } from '../../common/errors.js';
import { IDLE_KEEP_ALIVE_MS } from '../gateway/keep-alive.js';
import { listenGateway, type BoundGateway } from '../gateway/listener.js';
import { requestGate, type RequestHandler } from '../gateway/request-gate.js';
import { DEFAULT_ROUTING_COOKIE } from '../gateway/routing-key.js';
import type { ServerOptions, ServerSeams } from './server-options.js';
import type { Teardown } from './teardown.js';

/** How long shutdown waits for requests in flight before closing their connections. */
export const SHUTDOWN_GRACE_MS = 5000;

/** The API's port, bound first: what names it (the functions' endpoint) is built knowing it. */
export interface BoundApi {
  url: string;
  port: number;
  /** gradual's API as functions reach it: on loopback when the server listens on every address. */
  endpointUrl: string;
  /** Also answers on a Unix socket (functions in a network namespace of their own reach it so). */
  listenOnSocket(path: string): Promise<void>;
  /** Starts answering, requests held since binding first; shutdown lets those in flight finish. */
  serve(handler: RequestHandler): void;
}

/** Both ports, the API's first: a taken one fails start-up before anything else is built. */
export async function bindPorts(
  options: ServerOptions,
  seams: ServerSeams,
  teardown: Teardown,
): Promise<{ api: BoundApi; gateway: BoundGateway }> {
  const api = await bindApi(options, teardown).catch((error: unknown) => {
    throw listenError(error, options);
  });
  const gateway = await listenGateway({
    host: options.host,
    port: options.gatewayPort,
    sticky: {
      cookie: options.stickyCookie ?? DEFAULT_ROUTING_COOKIE,
      setCookie: options.stickyCookie !== undefined,
    },
    ...seams.gateway,
  }).catch((error: unknown) => {
    throw listenError(error, options);
  });
  teardown.defer('gateway port', () => gateway.release());
  return { api, gateway };
}

async function bindApi(options: ServerOptions, teardown: Teardown): Promise<BoundApi> {
  const gate = requestGate();
  const server = createServer({ keepAliveTimeout: IDLE_KEEP_ALIVE_MS }, gate.listener);
  await listen(server, (done) => server.listen(options.port, options.host, done));
  teardown.defer('API port', () => (server.listening ? closeServer(server) : undefined));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const anyAddress = options.host === '0.0.0.0' || options.host === '::';
  return {
    url,
    port,
    endpointUrl: anyAddress ? `http://127.0.0.1:${port}` : url,
    async listenOnSocket(path) {
      const socketServer = createServer({ keepAliveTimeout: IDLE_KEEP_ALIVE_MS }, gate.listener);
      await listen(socketServer, (done) => socketServer.listen(path, done));
      teardown.defer('API socket', () => void socketServer.close());
      chmodSync(path, 0o666);
    },
    serve(handler) {
      gate.open(handler);
      teardown.defer('API listener', () => closeGracefully(server, SHUTDOWN_GRACE_MS));
    },
  };
}

function listen(server: Server, start: (done: () => void) => void): Promise<void> {
  return new Promise<void>((resolveListening, reject) => {
    server.once('error', reject);
    start(() => {
      server.off('error', reject);
      resolveListening();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => server.close(() => done()));
}

/** Stops accepting, lets requests in flight finish for a while, then cuts what is left. */
function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((done) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      done();
    });
    server.closeIdleConnections();
  });
}

/** A port already taken, said with the option that picks another. */
function listenError(error: unknown, options: ServerOptions): unknown {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') return error;
  const option = e.port === options.gatewayPort ? '--gateway-port' : '--port';
  const why = e.code === 'EADDRINUSE' ? 'is in use (another gradual serve?)' : 'is not allowed';
  return new ActionableError(
    `port ${e.port ?? '?'} on ${options.host} ${why}: stop what holds it, or pick another with ${option} <n> (0 picks a free one).`,
    { cause: error },
  );
}
