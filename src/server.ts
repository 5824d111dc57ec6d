import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createApiApp } from './api/app.js';
import { cloudWatchEndpoint } from './api/cloudwatch/endpoint.js';
import { loadCredentials, secretLookup, type LoadedCredentials } from './api/auth/credentials.js';
import { codeDeployEndpoint } from './api/codedeploy/endpoint.js';
import { deployRoutes } from './api/gradual/deploy-routes.js';
import { CodeUrlSigner } from './api/code-url.js';
import { CodeStore } from './artifacts/code-store.js';
import { realClock, scaledClock, type Clock } from './common/clock.js';
import { silentLog, type Log } from './common/log.js';
import { cryptoRandom, type Random } from './common/random.js';
import { DeployEngine } from './deploy/engine.js';
import { metricAlarms, metricTraffic } from './deploy/metrics-ports.js';
import { registryAliases } from './deploy/registry-aliases.js';
import { startMetricsSystem, type MetricsSystem } from './metrics/metrics-system.js';
import { Registry } from './registry/registry.js';
import { lockDataDir } from './store/data-dir-lock.js';
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
  engine: DeployEngine;
  /** Metrics and alarms: `metrics.recorder` is the invoke path's observer, `metrics.events` the alarm bus. */
  metrics: MetricsSystem;
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

  const unlock = lockDataDir(options.dataDir);
  const credentials = options.auth === 'on' ? loadCredentials(options.dataDir) : undefined;
  const store = openSqliteStore(join(options.dataDir, 'gradual.db'));
  const code = new CodeStore(join(options.dataDir, 'code'));
  const registry = new Registry(
    { store, code, clock, random, log, account },
    { accountConcurrency: options.maxConcurrency },
  );
  await registry.recover();
  const metrics = await startMetricsSystem({ store, clock, wallClock, log, account });

  const engine = new DeployEngine({
    store: store.deploy,
    clock,
    random,
    log,
    ports: {
      aliases: registryAliases(registry),
      alarms: metricAlarms(metrics.alarms, metrics.events),
      traffic: metricTraffic(metrics.service, clock),
      // Replaced by the invoke path when it lands on main.
      hooks: { invokeAsync: () => Promise.reject(new Error('function invocation is not available yet')) },
      prewarm: { prewarm: () => Promise.resolve() },
    },
  });
  await engine.start();

  const app = createApiApp({
    lambda: { registry, codeUrls: new CodeUrlSigner(), clock, log },
    endpoints: [
      cloudWatchEndpoint({ metrics: metrics.service, alarms: metrics.alarms, clock }),
      codeDeployEndpoint({ store: store.deploy, engine, clock, random, account }),
    ],
    extensions: [deployRoutes({ store: store.deploy, engine })],
    metricsPage: metrics.prometheus,
    observeRequest: (service, status, seconds) => metrics.prometheus.observeRequest(service, status, seconds),
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
      await engine.close();
      await registry.idle();
      await metrics.close();
      await store.close();
      unlock();
    })());

  return { url, port, options, credentials, registry, engine, metrics, close };
}
