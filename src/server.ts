import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createApiApp } from './api/app.js';
import { loadCredentials, secretLookup, type LoadedCredentials } from './api/auth/credentials.js';
import { CodeUrlSigner } from './api/code-url.js';
import { CodeStore } from './artifacts/code-store.js';
import { realClock, scaledClock, type Clock } from './common/clock.js';
import { silentLog, type Log } from './common/log.js';
import { cryptoRandom, type Random } from './common/random.js';
import { Registry } from './registry/registry.js';
import { openSqliteStore } from './store/sqlite/sqlite-store.js';

export interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  accountId: string;
  /** `off` accepts unsigned requests. */
  auth: 'on' | 'off';
  /** The account's concurrency limit. */
  maxConcurrency: number;
  /** Runs platform timers this many times faster (rehearsal). */
  timeScale: number;
}

/** How long shutdown waits for requests in flight before closing their connections. */
const SHUTDOWN_GRACE_MS = 5000;

export const DEFAULT_OPTIONS: ServerOptions = {
  host: '127.0.0.1',
  port: 9000,
  dataDir: './.gradual',
  region: 'us-east-1',
  accountId: '000000000000',
  auth: 'on',
  maxConcurrency: 1000,
  timeScale: 1,
};

/** Seams tests replace: time, chance, logging. */
export interface ServerSeams {
  clock?: Clock;
  wallClock?: Clock;
  random?: Random;
  log?: Log;
}

export interface RunningServer {
  url: string;
  port: number;
  options: ServerOptions;
  /** The API's credentials, or undefined when authentication is off. */
  credentials: LoadedCredentials | undefined;
  registry: Registry;
  close(): Promise<void>;
}

/** The composition root: builds every part of gradual and starts listening. */
export async function startServer(
  partial: Partial<ServerOptions> = {},
  seams: ServerSeams = {},
): Promise<RunningServer> {
  const options: ServerOptions = {
    ...DEFAULT_OPTIONS,
    ...partial,
    dataDir: resolve(partial.dataDir ?? DEFAULT_OPTIONS.dataDir),
  };
  const wallClock = seams.wallClock ?? realClock();
  const clock = seams.clock ?? scaledClock(options.timeScale, wallClock);
  const random = seams.random ?? cryptoRandom();
  const log = seams.log ?? silentLog;
  const account = { region: options.region, accountId: options.accountId };

  const credentials = options.auth === 'on' ? loadCredentials(options.dataDir) : undefined;
  const store = openSqliteStore(join(options.dataDir, 'gradual.db'));
  const code = new CodeStore(join(options.dataDir, 'code'));
  const registry = new Registry(
    { store, code, clock, random, log, account },
    { accountConcurrency: options.maxConcurrency },
  );
  await registry.recover();

  const app = createApiApp({
    lambda: { registry, codeUrls: new CodeUrlSigner(), clock, log },
    endpoints: [],
    secrets: credentials ? secretLookup(credentials.credentials) : undefined,
    wallClock,
    random,
    log,
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolveListening, reject) => {
    // Node drains an unread request body (a 413 answered early) instead of the socket being
    // destroyed, so a client still writing gets the response rather than EPIPE.
    const s = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host, autoCleanupIncoming: false },
      () => resolveListening(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      // Stop accepting, let requests in flight finish for a while, then cut what is left.
      await new Promise<void>((done) => {
        const force = setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          done();
        });
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await registry.idle();
      await store.close();
    })());

  return { url, port, options, credentials, registry, close };
}
