import { getRequestListener } from '@hono/node-server';
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { createApiApp } from './api/app.js';
import { cloudWatchEndpoint } from './api/cloudwatch/service.js';
import {
  functionCredentialIssuer,
  loadCredentials,
  secretLookup,
  type LoadedCredentials,
} from './auth/credentials.js';
import { codeDeployEndpoint } from './api/codedeploy/service.js';
import { stepFunctionsEndpoint } from './api/stepfunctions/endpoint.js';
import { s3Endpoint } from './api/s3/service.js';
import { Buckets } from './s3/buckets.js';
import { cloudFormationEndpoint } from './api/cloudformation/endpoint.js';
import { StackEngine } from './cloudformation/engine.js';
import { serviceClients } from './cloudformation/providers/clients.js';
import { providers } from './cloudformation/providers/index.js';
import { Stacks } from './cloudformation/stacks.js';
import { isTerminal } from './deployments/model.js';
import { ExecutionEngine } from './states/engine.js';
import { statesInvoker, statesMetrics } from './wiring/states-ports.js';
import { CodeUrlSigner } from './api/code-url.js';
import { fastInvoke } from './api/fast-invoke.js';
import { apiGatewayService } from './api/apigateway/service.js';
import { apiGatewayV2Service } from './api/apigatewayv2/service.js';
import { clockRoute } from './api/gradual/clock-route.js';
import { deployRoutes } from './api/gradual/deploy-routes.js';
import { logsEndpoint } from './api/logs/logs-endpoint.js';
import { iamEndpoint } from './api/iam/endpoint.js';
import { IamService } from './iam/iam-service.js';
import { functionAccess } from './wiring/function-access.js';
import { CodeStore } from './artifacts/code-store.js';
import { realClock, type Clock } from '../common/clock.js';
import { readTimeline, rehearsalClock, timelineConflict } from '../common/rehearsal-time.js';
import { DEFAULT_DATA_DIR, REHEARSAL_DATA_DIR } from '../contracts/data-dirs.js';
import { silentLog, type Log } from '../common/log.js';
import { cryptoRandom, type Random } from '../common/random.js';
import {
  dashboard as createDashboard,
  type Dashboard,
  type DashboardOptions,
} from './dashboard/dashboard.js';
import { DeployEngine } from './deployments/engine.js';
import { poolPrewarm, queuedHooks } from './wiring/deploy-invoke-ports.js';
import { metricAlarms, metricTraffic } from './wiring/deploy-metrics-ports.js';
import { registryAliases } from './wiring/deploy-aliases.js';
import { dashboardExtension } from './wiring/dashboard-extension.js';
import { exportPressure } from './wiring/pressure-metrics.js';
import { AsyncQueue } from './invoke/async-queue.js';
import { FunctionCache } from './invoke/function-cache.js';
import { allObservers, type InvocationObserver } from './invoke/invocation-record.js';
import { Invoker } from './invoke/invoker.js';
import { FileLogStore } from './invoke/log-store.js';
import { DEFAULT_LOG_OPTIONS } from './invoke/logs/log-types.js';
import { DiskSpace } from './capacity/disk-space.js';
import { SpaceReserve } from './capacity/space-reserve.js';
import { DEFAULT_SPACE_OPTIONS, spaceOptions } from './capacity/space-rules.js';
import { Unpacker } from './invoke/targets.js';
import { WarmKeeper } from './invoke/warm-keeper.js';
import { startMetricsSystem, type MetricsSystem } from './metrics/metrics-system.js';
import { Permissions } from './functions/permissions.js';
import { Registry } from './functions/registry.js';
import { RestApis } from './apigateway/rest/rest-apis.js';
import { FunctionUrls } from './functions/function-urls.js';
import { EventInvokeConfigs } from './functions/event-invoke-configs.js';
import { DeployedStages } from './gateway/deployed-stages.js';
import { functionUrlRouter } from './gateway/function-url-router.js';
import { restApiRouter } from './gateway/rest-api-router.js';
import { httpApiRouter } from './gateway/http-api-router.js';
import { HttpApis } from './apigateway/http/http-apis.js';
import { startGateway, type GatewayListener } from './gateway/listener.js';
import { DEFAULT_ROUTING_COOKIE } from './gateway/routing-key.js';
import { openCgroups } from './runtime/cgroup.js';
import type { EnvironmentDeps } from './runtime/environment.js';
import type { RuntimeChannel } from './runtime/environment-types.js';
import { launchRoots, Launchers } from './runtime/launchers.js';
import { Pool } from './runtime/pool.js';
import { Sandbox, type SandboxMode } from './runtime/sandbox.js';
import { makeTmpRoot, removeTmpRoot } from './runtime/tmp-root.js';
import { networkUnavailable, NetworkSlots } from './runtime/network-slots.js';
import { TmpVolumes, volumesUnavailable } from './runtime/tmp-volumes.js';
import { isolationWarnings, type Isolation } from './runtime/isolation.js';
import {
  findLibfaketime,
  realFunctionTime,
  scaledFunctionTime,
  type FunctionTime,
} from './runtime/function-time.js';
import { ActionableError } from '../common/errors.js';
import { lockDataDir } from './store/data-dir-lock.js';
import { openSqliteStore } from './store/sqlite/sqlite-store.js';
import { nodesRoute } from './api/gradual/nodes-route.js';
import {
  clusterCredentials,
  clusterTimeline,
  followChanges,
  openCluster,
  soleNode,
} from './wiring/cluster.js';

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
  /** Idle execution environments are stopped after this many seconds. */
  idleTimeoutSeconds: number;
  /** How function processes are isolated: bubblewrap when available (`auto`), or forced. */
  sandbox: 'auto' | SandboxMode;
  /** Record AWS/Lambda metrics for every invocation (off only to measure what recording costs). */
  invocationMetrics: boolean;
  /** The HTTP gateway's port (function URLs); 0 picks a free one. */
  gatewayPort: number;
  /**
   * Under --time-scale without libfaketime: false refuses to start (functions would read real
   * time while the platform runs scaled); true runs them on real time with a warning (the demo,
   * whose functions never read the time).
   */
  allowRealFunctionClock: boolean;
  /** A cookie the gateway sets (and reads) so browsers keep one routing key; undefined: none set. */
  stickyCookie: string | undefined;
  /** Free space kept on the data dir's disk for deletes, alias changes and rollbacks (bytes). */
  spaceReserveBytes: number;
  /** The most one function's log group keeps (bytes); the oldest logs go first. */
  logCapBytes: number;
  /**
   * A PostgreSQL URL: state lives there, shared with every node started on the same database
   * (cluster mode). Undefined: SQLite in the data dir, one node.
   */
  database: string | undefined;
  /**
   * How long an invocation waits for a busy environment of its version before starting a new one;
   * 0 is Lambda's strict behaviour (never wait, no cap on starts at once). See burst-rules.ts.
   */
  burstQueueMs: number;
  /** Environments initialising at once before further starts wait (when burstQueueMs > 0). */
  maxConcurrentInits: number;
  /** How gradual's Node.js and Python bootstraps reach the Runtime API (see environment-types.ts). */
  runtimeChannel: RuntimeChannel;
}

/** How long shutdown waits for requests in flight before closing their connections. */
const SHUTDOWN_GRACE_MS = 5000;

export const DEFAULT_OPTIONS: ServerOptions = {
  host: '127.0.0.1',
  port: 9000,
  dataDir: DEFAULT_DATA_DIR,
  region: 'us-east-1',
  accountId: '000000000000',
  auth: 'on',
  maxConcurrency: 1000,
  timeScale: 1,
  idleTimeoutSeconds: 600,
  sandbox: 'auto',
  invocationMetrics: true,
  gatewayPort: 8080,
  stickyCookie: undefined,
  database: undefined,
  // Lambda's behaviour by default. `--burst-queue-ms 100` (about one cold start) suits a small
  // machine under bursts; it slows a version's first seconds after an alias flip (its waiting
  // requests share the first environment instead of each starting one).
  burstQueueMs: 0,
  maxConcurrentInits: Math.max(2, availableParallelism()),
  runtimeChannel: 'frames',
  allowRealFunctionClock: false,
  spaceReserveBytes: DEFAULT_SPACE_OPTIONS.reserveBytes,
  logCapBytes: DEFAULT_LOG_OPTIONS.capBytes,
};

/** How often a node looks for work whose driver died (wall ms): deployments, executions, events. */
const TAKEOVER_SCAN_MS = 1000;
/** How often, in a cluster, each node writes its metrics (wall ms): alarms see every node's soon. */
const CLUSTER_FLUSH_MS = 250;
const VERSION = '0.1.0';

/** Lambda's init limit for on-demand starts, and for provisioned ones (or the timeout if higher). */
const INIT_LIMIT_MS = 10_000;
const PREWARM_INIT_LIMIT_MS = 130_000;
/** How long after start-up the stocks of namespaces and /tmp volumes are first made. */
const STOCK_DELAY_MS = 2000;

/** Seams tests replace: time, chance, logging. */
export interface ServerSeams {
  clock?: Clock;
  wallClock?: Clock;
  random?: Random;
  log?: Log;
  /** Draws for weighted alias routing; defaults to `random`. */
  routingRandom?: Random;
  /** Also hears one record per invocation, after the metrics recorder (tests). */
  invocations?: InvocationObserver;
  /** Dashboard session lifetimes and refresh periods (tests). */
  dashboard?: DashboardOptions;
  /** Gateway timeouts (tests of slow clients). */
  gateway?: { headersTimeoutMs?: number; timeoutCheckMs?: number };
}

export interface RunningServer {
  url: string;
  port: number;
  options: ServerOptions;
  /** The platform's clock (scaled under --time-scale; functions read it too). */
  clock: Clock;
  /** The API's credentials, or undefined when authentication is off. */
  credentials: LoadedCredentials | undefined;
  registry: Registry;
  /** The deployment engine (CodeDeploy). */
  engine: DeployEngine;
  /** The Step Functions execution engine. */
  executions: ExecutionEngine;
  /** CloudFormation's stack engine. */
  stackEngine: StackEngine;
  /** Running functions: the pool, and warming (for the deployment engine). */
  runtime: {
    pool: Pool;
    warmKeeper: WarmKeeper;
    invoker: Invoker;
    sandbox: SandboxMode;
    /** What the sandbox enforces here (the banner and tests read it). */
    isolation: Isolation;
    /** gradual's cgroup (memory, else pids), when one is in use. */
    cgroupRoot: string | undefined;
    /** Where environments' private /tmp directories live. */
    tmpRoot: string;
    /** `scaled`: functions read the rehearsal's clock (libfaketime); `real`: real time. */
    functionClock: 'scaled' | 'real';
  };
  /** Metrics and alarms: `metrics.recorder` is the invoke path's observer, `metrics.events` the alarm bus. */
  metrics: MetricsSystem;
  /** The web dashboard at `/ui`. */
  dashboard: Dashboard;
  /** The HTTP gateway: function URLs and REST API stages. */
  gateway: { url: string; port: number; inFlight(): number };
  /** In cluster mode: this node's id, leases and change feed (tests, benchmarks). */
  cluster: Awaited<ReturnType<typeof openCluster>> | undefined;
  close(): Promise<void>;
}

/** The composition root: builds every part of gradual and starts listening. */
export async function startServer(
  partial: Partial<ServerOptions> = {},
  seams: ServerSeams = {},
): Promise<RunningServer> {
  const timeScale = partial.timeScale ?? DEFAULT_OPTIONS.timeScale;
  const options: ServerOptions = {
    ...DEFAULT_OPTIONS,
    ...partial,
    // A rehearsal keeps its own timeline, in a data dir of its own unless told otherwise.
    dataDir: resolve(partial.dataDir ?? (timeScale === 1 ? DEFAULT_DATA_DIR : REHEARSAL_DATA_DIR)),
  };
  const wallClock = seams.wallClock ?? realClock();
  const library = options.timeScale === 1 ? undefined : findLibfaketime();
  if (options.timeScale !== 1 && !library && !seams.clock && !options.allowRealFunctionClock) {
    throw new ActionableError(
      '--time-scale needs libfaketime, so functions read the same scaled clock as the server (Debian/Ubuntu: apt-get install libfaketime).',
    );
  }
  const conflict = seams.clock
    ? undefined
    : timelineConflict(readTimeline(options.dataDir), options.timeScale, options.dataDir);
  if (conflict) throw new ActionableError(conflict);
  // Nothing is left behind when start-up fails (a port taken): not even the data dir.
  const dataDirExisted = existsSync(options.dataDir);
  const unlock = lockDataDir(options.dataDir);
  const log = seams.log ?? silentLog;
  const cluster = options.database
    ? await openCluster({
        databaseUrl: options.database,
        // Unique even when tests seed the platform's random source alike for several nodes.
        nodeId: `${hostname()}-${process.pid}-${cryptoRandom().hex(3)}`,
        wallClock,
        log,
      }).catch((error: unknown) => {
        unlock();
        throw error;
      })
    : undefined;
  // Under --time-scale the platform's timeline persists across restarts (deadlines are stored in
  // it); a cluster's nodes share one.
  const rehearsal =
    seams.clock || options.timeScale === 1 || cluster
      ? undefined
      : rehearsalClock(options.dataDir, options.timeScale, wallClock, log);
  // Scale 1 included: a node at another scale than the cluster's would misread every deadline.
  const clusterClock =
    cluster && !seams.clock
      ? await clusterTimeline(cluster, options.timeScale, wallClock).catch(async (error: unknown) => {
          await cluster.close();
          unlock();
          throw error;
        })
      : undefined;
  const clock = seams.clock ?? clusterClock ?? rehearsal?.clock ?? wallClock;
  // Functions share the platform's clock under --time-scale (a rehearsal's, or the cluster's
  // timeline); tests on a virtual clock keep them on real time.
  const scaled = seams.clock ? undefined : (clusterClock ?? rehearsal?.clock);
  const functionTime: FunctionTime =
    scaled && library
      ? scaledFunctionTime(scaled, wallClock, options.timeScale, library)
      : realFunctionTime(wallClock);
  const random = seams.random ?? cryptoRandom();
  const spaceRules = spaceOptions(options.spaceReserveBytes);
  const space = new DiskSpace(
    {
      dir: options.dataDir,
      wallClock,
      log,
      reserve: new SpaceReserve(options.dataDir, spaceRules.reserveFileBytes),
    },
    spaceRules,
  );
  space.start();
  const account = { region: options.region, accountId: options.accountId };

  const credentials =
    options.auth === 'on'
      ? cluster
        ? await clusterCredentials(cluster)
        : loadCredentials(options.dataDir)
      : undefined;
  // What functions call back with: never the user's own secret.
  const functionKeys = functionCredentialIssuer();
  // On virtual time a step's writes must land within the turn the test waits for: no grouping.
  const store =
    cluster?.store ?? openSqliteStore(join(options.dataDir, 'gradual.db'), { groupCommit: !seams.clock });
  const code = new CodeStore(join(options.dataDir, 'code'), cluster?.blobs);
  const takeover = cluster && { leases: cluster.leases, wallClock, scanEveryMs: TAKEOVER_SCAN_MS };
  const registry = new Registry(
    { store, code, space, clock, random, log, account },
    { accountConcurrency: options.maxConcurrency },
  );
  await registry.recover();
  const buckets = new Buckets({
    store: store.s3,
    blobs: new CodeStore(join(options.dataDir, 's3')),
    clock,
    random,
    region: options.region,
  });
  await buckets.collectGarbage();
  const restApis = new RestApis({ store: store.restApis, clock, random, account });
  const httpApis = new HttpApis({ store: store.httpApis, clock, random, account });
  const functionUrls = new FunctionUrls({ store: store.functionUrls, registry, clock, random, account, log });
  await functionUrls.start();
  const metrics = await startMetricsSystem(
    { store, clock, wallClock, log, account, ...(cluster ? { leases: cluster.leases } : {}) },
    // Platform ms: a quarter of a wall second whatever the time scale.
    cluster ? { metrics: { flushIntervalMs: CLUSTER_FLUSH_MS * options.timeScale } } : {},
  );

  // Running functions.
  if (rehearsal && !library)
    log.warn('libfaketime is not installed: functions read real time while the platform runs scaled');
  const tmpRoot = makeTmpRoot(random.hex(4));
  const codeRoot = join(options.dataDir, 'code');
  mkdirSync(codeRoot, { recursive: true });
  const sandbox = Sandbox.detect(options.sandbox, {
    dir: join(tmpRoot, 'sandbox'),
    roots: [codeRoot, ...launchRoots()],
  });
  const cgroups = openCgroups(random.hex(4));
  const sandboxed = sandbox.mode === 'bwrap';
  const noNetwork = sandboxed ? networkUnavailable() : 'no sandbox';
  const noVolumes = sandboxed ? volumesUnavailable() : 'no sandbox';
  const isolation: Isolation = {
    sandbox: sandbox.mode,
    asked: options.sandbox,
    network: noNetwork === undefined ? 'private' : { shared: noNetwork },
    tmp: noVolumes === undefined ? 'sized' : { unsized: noVolumes },
    memory: cgroups?.roots.memory !== undefined,
    pids: cgroups?.roots.pids !== undefined,
  };
  // Once, at start: what this machine cannot enforce.
  for (const warning of isolationWarnings(isolation)) log.warn(warning);
  const volumes =
    noVolumes === undefined ? new TmpVolumes({ random, log }, join(tmpRoot, 'volumes')) : undefined;
  const envDeps: EnvironmentDeps = {
    sandbox,
    launchers: new Launchers(sandbox, log),
    cgroups,
    networks: undefined, // made once gradual's API listens
    volumes,
    clock: wallClock,
    functionTime,
    random,
    log,
    region: options.region,
    // Each environment its own session of its function's execution role.
    credentials: (spec) =>
      functionKeys.issue({
        functionArn: `arn:aws:lambda:${account.region}:${account.accountId}:function:${spec.functionName}`,
        roleArn: spec.role,
      }),
    endpointUrl: '', // known once listening
    tmpRoot,
    initLimitMs: INIT_LIMIT_MS,
    runtimeChannel: options.runtimeChannel,
  };
  const pool = new Pool(envDeps, {
    accountConcurrency: options.maxConcurrency,
    maxEnvironments: options.maxConcurrency,
    idleTimeoutMs: options.idleTimeoutSeconds * 1000,
    prewarmInitLimitMs: PREWARM_INIT_LIMIT_MS,
    burst: { queueMs: options.burstQueueMs, maxConcurrentInits: options.maxConcurrentInits },
  });
  const cache = new FunctionCache(registry, log);
  await cache.start();
  const unpacker = new Unpacker(code);
  const logs = new FileLogStore(
    { dir: join(options.dataDir, 'logs'), logClock: functionTime.clock, log, space },
    {
      capBytes: options.logCapBytes,
      // Logs stamped on the rehearsal's clock are in platform time already.
      timeScale: seams.clock || functionTime.clock === clock ? 1 : options.timeScale,
    },
  );
  await logs.start();
  const invoker = new Invoker({
    pool,
    cache,
    code,
    unpacker,
    clock,
    logClock: functionTime.clock,
    random,
    routing: seams.routingRandom ?? random,
    log,
    logs,
    observer: allObservers(
      ...(options.invocationMetrics ? [metrics.recorder] : []),
      ...(seams.invocations ? [seams.invocations] : []),
    ),
    account,
  });
  const eventInvokeConfigs = new EventInvokeConfigs({ store: store.eventInvokeConfigs, clock, account });
  const asyncQueue = new AsyncQueue({
    store: store.asyncInvocations,
    invoker,
    clock,
    logClock: functionTime.clock,
    random,
    log,
    logs,
    settings: eventInvokeConfigs,
    account,
    space,
    ...(takeover ? { cluster: { ...takeover, scanEveryMs: 2 * TAKEOVER_SCAN_MS } } : {}),
  });
  exportPressure(metrics.prometheus, { space, logs, queue: asyncQueue });
  const warmKeeper = new WarmKeeper({
    store: store.provisioned,
    cache,
    pool,
    code,
    unpacker,
    clock,
    log,
    account,
    accountConcurrency: options.maxConcurrency,
  });

  const engine = new DeployEngine({
    store: store.deploy,
    clock,
    random,
    log,
    ports: {
      aliases: registryAliases(registry),
      // State changes made on any node: a breach judged elsewhere stops this node's deployments.
      alarms: metricAlarms(metrics.alarms, {
        onStateChange: (listener) => metrics.alarms.onStateChangeAnywhere(listener),
      }),
      traffic: metricTraffic(metrics.service, clock),
      hooks: queuedHooks({ invoker, asyncQueue, random, account }),
      prewarm: poolPrewarm({ pool, warmKeeper }),
    },
    ...(takeover ? { cluster: takeover } : {}),
  });

  const statesLambda = statesInvoker({ invoker, asyncQueue, random, account });
  const statesMetricsPort = statesMetrics(metrics.service);
  const executions = new ExecutionEngine({
    store: store.states,
    clock,
    random,
    log,
    invoker: statesLambda,
    metrics: statesMetricsPort,
    region: options.region,
    ...(takeover ? { cluster: takeover } : {}),
  });

  // CloudFormation calls the services through their public APIs on this very port, with the
  // operator's own keys: AWS's CloudFormation acts with the permissions of whoever calls it.
  const cfnClients = serviceClients({
    endpoint: () => envDeps.endpointUrl,
    region: options.region,
    credentials: credentials?.credentials ?? { accessKeyId: 'gradual', secretAccessKey: 'open-access' },
  });
  let cfnPorts: ReturnType<typeof providers> | undefined;
  const stackEngine = new StackEngine({
    store: store.cloudformation,
    clock,
    random,
    log,
    // Built on first use: the clients need the server's URL, known once it listens.
    ports: { provider: (type) => (cfnPorts ??= providers(cfnClients, account)).provider(type) },
    region: options.region,
    accountId: options.accountId,
  });
  const stacks = new Stacks({
    store: store.cloudformation,
    engine: stackEngine,
    clock,
    random,
    region: options.region,
    accountId: options.accountId,
  });
  // A stack update waiting on a deployment looks at it as soon as it ends.
  engine.onChange((d) => {
    if (isTerminal(d)) void stackEngine.pollWaiting();
  });

  const permissions = new Permissions({ store: store.policies, registry });
  const iam = new IamService({ store: store.iam, clock: wallClock, random, accountId: account.accountId });
  const lambdaDeps = {
    roles: iam,
    registry,
    permissions,
    codeUrls: new CodeUrlSigner(),
    invoke: { invoker, asyncQueue, warmKeeper },
    functionUrls,
    eventInvokeConfigs,
    clock,
    log,
    readS3: (bucket: string, key: string) => buckets.readObject(bucket, key),
  };
  const secrets = credentials ? secretLookup(credentials.credentials, functionKeys) : undefined;
  const authorizeSession = functionAccess({ iam, deployments: store.deploy, account, wallClock });
  // With authentication off: the names (besides IP addresses and localhost) requests may address.
  const allowedHosts = [options.host, hostname()];
  // Signatures may be dated by the wall clock or, under --time-scale, by the functions' clock.
  const signatureTimes =
    functionTime.scale === 1 ? undefined : () => [wallClock.now(), functionTime.clock.now()];
  const dashboard = createDashboard(
    {
      registry,
      deployStore: store.deploy,
      engine,
      metrics: metrics.service,
      alarms: metrics.alarms,
      clock,
      timeScale: options.timeScale,
      states: { store: store.states, engine: executions },
      wallClock,
      // Session ids must be unguessable even when tests seed the platform's random source.
      secureRandom: cryptoRandom(),
      credentials: credentials?.credentials,
      log,
      allowedHosts,
    },
    seams.dashboard,
  );
  // Filled in once listening.
  const self = { address: '', gatewayAddress: '' };
  const startedAt = wallClock.now();
  const nodes =
    cluster?.nodes ??
    soleNode(
      () => ({
        id: hostname(),
        address: self.address,
        gatewayAddress: self.gatewayAddress,
        version: VERSION,
        startedAt,
        environments: pool.stats().environments,
      }),
      wallClock,
    );
  const app = createApiApp({
    lambda: lambdaDeps,
    endpoints: [
      s3Endpoint({ buckets, secrets }),
      cloudFormationEndpoint({
        stacks,
        store: store.cloudformation,
        buckets,
        accountId: options.accountId,
        random,
      }),
      logsEndpoint({ logs, account }),
      cloudWatchEndpoint({ metrics: metrics.service, alarms: metrics.alarms, clock }),
      codeDeployEndpoint({ store: store.deploy, engine, clock, random, account, space }),
      stepFunctionsEndpoint({
        store: store.states,
        engine: executions,
        clock,
        random,
        place: account,
        sync: {
          store: store.states,
          clock,
          random,
          invoker: statesLambda,
          metrics: statesMetricsPort,
          place: account,
          definitionOf: (text) => executions.definitionOf(text),
        },
      }),
      iamEndpoint(iam),
    ],
    extensions: [
      nodesRoute(nodes),
      // Before deployRoutes: extensions are matched by prefix, first one first.
      clockRoute({ clock, timeScale: options.timeScale }),
      deployRoutes({ store: store.deploy, engine, clock, timeScale: options.timeScale }),
      apiGatewayService(restApis),
      apiGatewayV2Service(httpApis),
      dashboardExtension(dashboard),
    ],
    allowedHosts,
    metricsPage: metrics.prometheus,
    observeRequest: (service, status, seconds) => metrics.prometheus.observeRequest(service, status, seconds),
    secrets,
    authorizeSession,
    ...(cluster ? { catchUp: () => cluster.feed.sync() } : {}),
    wallClock,
    signatureTimes,
    random,
    log,
  });

  // Invoke, the hot path, is answered before the Hono adapter builds web Request objects.
  const invokeFast = fastInvoke({
    lambda: lambdaDeps,
    secrets,
    allowedHosts,
    authorizeSession,
    wallClock,
    signatureTimes,
    random,
    log,
  });
  // Node drains an unread request body (a 413 answered early) instead of the socket being
  // destroyed, so a client still writing gets the response rather than EPIPE.
  const honoListener = getRequestListener(app.fetch, { hostname: options.host, autoCleanupIncoming: false });
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!invokeFast(req, res)) void honoListener(req, res);
  };
  const server = createHttpServer(handle);
  // Front doors of the HTTP gateway, asked in this order.
  const gatewayRouters = [
    functionUrlRouter({ urls: functionUrls, secrets, allowedHosts, wallClock, account, log }),
    // Before REST APIs: both own `<id>.execute-api.localhost`; this one passes on ids it lacks.
    httpApiRouter({ apis: httpApis, permissions, account, log }),
    restApiRouter({
      stages: new DeployedStages(restApis),
      permissions,
      secrets,
      allowedHosts,
      wallClock,
      account,
      log,
    }),
  ];
  let gateway: GatewayListener | undefined;
  try {
    await new Promise<void>((resolveListening, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolveListening());
    });
    gateway = await startGateway(
      { invoker, routers: gatewayRouters, secrets, allowedHosts, wallClock, random, log },
      {
        host: options.host,
        port: options.gatewayPort,
        sticky: {
          cookie: options.stickyCookie ?? DEFAULT_ROUTING_COOKIE,
          setCookie: options.stickyCookie !== undefined,
        },
        ...seams.gateway,
      },
    );
  } catch (error) {
    // Not listening (a port is taken): leave nothing behind.
    if (server.listening) await new Promise((done) => server.close(done));
    functionUrls.close();
    cache.close();
    await pool.close();
    await volumes?.close();
    await cgroups?.close((ms) => wallClock.sleep(ms));
    removeTmpRoot(tmpRoot);
    await logs.close();
    await (cluster ? cluster.close() : store.close());
    await space.stop();
    rehearsal?.stop();
    unlock();
    if (!dataDirExisted) rmSync(options.dataDir, { recursive: true, force: true });
    throw listenError(error, options);
  }
  const { port } = server.address() as AddressInfo;
  functionUrls.gatewayPort = gateway.port;
  httpApis.gatewayPort = gateway.port;
  const gatewayListener = gateway;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  // Functions call back on loopback when the server listens on every address.
  const anyAddress = options.host === '0.0.0.0' || options.host === '::';
  envDeps.endpointUrl = anyAddress ? `http://127.0.0.1:${port}` : url;
  // Functions in a network namespace of their own reach gradual's API through this socket.
  const apiSocket = join(tmpRoot, 'api.sock');
  const apiSocketServer = createHttpServer(handle);
  await new Promise<void>((done) => apiSocketServer.listen(apiSocket, done));
  chmodSync(apiSocket, 0o666);
  if (isolation.network === 'private')
    envDeps.networks = new NetworkSlots(
      { clock: wallClock, random, log },
      { root: join(tmpRoot, 'net'), apiSocket, apiPort: port },
    );
  // Namespaces and /tmp volumes are made ahead once start-up is over, not during it; a cold start
  // before then makes its own.
  wallClock.setTimer(STOCK_DELAY_MS, () => {
    envDeps.networks?.refill();
    volumes?.refill();
  });
  self.address = url;
  self.gatewayAddress = gateway.url;
  // Changes other nodes make reach this node's caches and engines.
  const unfollow = cluster
    ? followChanges(cluster, {
        registry,
        restApis,
        httpApis,
        warmKeeper,
        alarms: metrics.alarms,
        metrics: metrics.service,
        engine,
        executions,
      })
    : () => undefined;
  await cluster?.nodes.start({
    address: url,
    gatewayAddress: gateway.url,
    version: VERSION,
    environments: () => pool.stats().environments,
  });
  await warmKeeper.start();
  await asyncQueue.start();
  await engine.start();
  await executions.start();
  await stackEngine.start();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      // Platform timers do not hold the process open; shutdown must, until its last step is done.
      const holdOpen = setInterval(() => undefined, 60_000);
      // Stack operations call this server's API: their calls in flight finish while it still answers.
      await stackEngine.close();
      cfnClients.destroy();
      // The gateway first: no new end-user requests, and those in flight finish.
      await gatewayListener.close(SHUTDOWN_GRACE_MS);
      // Open dashboard streams would otherwise hold their connections until the grace period ends.
      dashboard.close();
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
      unfollow();
      await engine.close();
      await executions.close();
      // No function process outlives the server.
      warmKeeper.close();
      asyncQueue.stop();
      functionUrls.close();
      cache.close();
      await pool.close();
      await asyncQueue.drain();
      await logs.close();
      await envDeps.networks?.close();
      await volumes?.close();
      apiSocketServer.close();
      await cgroups?.close((ms) => wallClock.sleep(ms));
      removeTmpRoot(tmpRoot);
      await registry.idle();
      await metrics.close();
      await (cluster ? cluster.close() : store.close());
      await space.stop();
      rehearsal?.stop();
      unlock();
      clearInterval(holdOpen);
    })());

  return {
    url,
    port,
    options,
    clock,
    credentials,
    registry,
    engine,
    executions,
    stackEngine,
    runtime: {
      pool,
      warmKeeper,
      invoker,
      sandbox: sandbox.mode,
      isolation,
      cgroupRoot: cgroups?.roots.memory ?? cgroups?.roots.pids,
      tmpRoot,
      functionClock: functionTime.scale === 1 ? 'real' : 'scaled',
    },
    metrics,
    dashboard,
    gateway: { url: gateway.url, port: gateway.port, inFlight: () => gatewayListener.inFlight() },
    cluster,
    close,
  };
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
