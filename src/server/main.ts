import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { silentLog, type Log } from '../common/log.js';
import { recordServerAddress } from '../contracts/server-address.js';
import { apiGatewayService } from './api/apigateway/service.js';
import { apiGatewayV2Service } from './api/apigatewayv2/service.js';
import { cloudWatchEndpoint } from './api/cloudwatch/service.js';
import { codeDeployEndpoint } from './api/codedeploy/service.js';
import { clockRoute } from './api/gradual/clock-route.js';
import { deployRoutes } from './api/gradual/deploy-routes.js';
import { nodesRoute } from './api/gradual/nodes-route.js';
import { iamEndpoint } from './api/iam/endpoint.js';
import { logsEndpoint } from './api/logs/logs-endpoint.js';
import { s3Endpoint } from './api/s3/service.js';
import { HttpApis } from './apigateway/http/http-apis.js';
import { RestApis } from './apigateway/rest/rest-apis.js';
import { CodeStore } from './artifacts/code-store.js';
import { IamService } from './iam/iam-service.js';
import { startMetricsSystem } from './metrics/metrics-system.js';
import { Buckets } from './s3/buckets.js';
import { access } from './wiring/access.js';
import { apiHandler } from './wiring/api-server.js';
import { cloudFormation } from './wiring/cloudformation.js';
import { soleNode } from './wiring/cluster.js';
import { buildDashboard } from './wiring/dashboard.js';
import { dashboardExtension } from './wiring/dashboard-extension.js';
import { deployments } from './wiring/deployments.js';
import { prepareEnvironments } from './wiring/environments.js';
import { startFunctionRuntime } from './wiring/function-runtime.js';
import { serveGateway } from './wiring/gateway.js';
import { lambdaControl, startRegistry } from './wiring/lambda.js';
import { timeRequirements } from './wiring/platform-time.js';
import type { RunningServer } from './wiring/running-server.js';
import { resolveOptions, type ServerOptions, type ServerSeams } from './wiring/server-options.js';
import { stepFunctions } from './wiring/step-functions.js';
import { openFoundation, type Foundation } from './wiring/foundation.js';
import { Teardown } from './wiring/teardown.js';

export { DEFAULT_OPTIONS, type ServerOptions, type ServerSeams } from './wiring/server-options.js';
export type { RunningServer } from './wiring/running-server.js';

/** How often, in a cluster, each node writes its metrics (wall ms): alarms see every node's soon. */
const CLUSTER_FLUSH_MS = 250;
const VERSION = '0.1.0';

/**
 * The composition root: builds every part of gradual, each whole before anything uses it, and
 * starts listening. Each part adds what undoes it to one teardown, which shutdown runs in reverse;
 * so does a start-up that fails part-way, leaving nothing behind (not even a data dir it made).
 */
export async function startServer(
  partial: Partial<ServerOptions> = {},
  seams: ServerSeams = {},
): Promise<RunningServer> {
  const options = resolveOptions(partial);
  const log = seams.log ?? silentLog;
  const library = timeRequirements(options, seams);
  const dataDirExisted = existsSync(options.dataDir);
  const teardown = new Teardown();
  try {
    return await compose(options, seams, { library, log, teardown });
  } catch (error) {
    await shutDown(teardown, log);
    if (!dataDirExisted) rmSync(options.dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function compose(
  options: ServerOptions,
  seams: ServerSeams,
  { library, log, teardown }: { library: string | undefined; log: Log; teardown: Teardown },
): Promise<RunningServer> {
  const ground = await openFoundation(options, seams, { library, log, teardown });
  const services = await startServices(options, seams, ground);
  const { dashboard, gateway, self } = serveRequests(options, seams, ground, services);
  const { runtime, environments, engine, states, cfn } = services;
  // Work that calls the API or other nodes, once both answer.
  environments.stockLater();
  await ground.cluster?.nodes.start({ ...self, environments: () => runtime.pool.stats().environments });
  await runtime.start();
  await engine.start();
  await states.executions.start();
  await cfn.start(teardown);
  // Last: `gradual env` reads it as the sign of a server ready at this address.
  const address = { url: ground.ports.api.url, region: options.region, gatewayUrl: gateway.url };
  teardown.defer('server address', recordServerAddress(options.dataDir, address));

  const { clock, functionTime } = ground.base.time;
  return {
    url: ground.ports.api.url,
    port: ground.ports.api.port,
    options,
    clock,
    credentials: ground.credentials,
    registry: services.registry,
    engine,
    executions: states.executions,
    stackEngine: cfn.stackEngine,
    runtime: {
      pool: runtime.pool,
      warmKeeper: runtime.warmKeeper,
      invoker: runtime.invoker,
      sandbox: environments.isolation.sandbox,
      isolation: environments.isolation,
      cgroupRoot: environments.cgroupRoot,
      tmpRoot: environments.tmpRoot,
      functionClock: functionTime.scale === 1 ? 'real' : 'scaled',
    },
    metrics: services.metrics,
    dashboard,
    gateway: { url: gateway.url, port: gateway.port, inFlight: () => gateway.inFlight() },
    cluster: ground.cluster,
    close: () => shutDown(teardown, log, { rethrow: true }),
  };
}

/** Every service, each built whole on the foundation and on the services it needs. */
async function startServices(options: ServerOptions, seams: ServerSeams, ground: Foundation) {
  const { base, wallClock, ports, cluster, space, credentials, functionKeys, code, takeover } = ground;
  const { time, random, log, account, store, teardown } = base;
  const { clock } = time;
  const metrics = await startMetricsSystem(
    { store, clock, wallClock, log, account, ...(cluster ? { leases: cluster.leases } : {}) },
    // Platform ms: a quarter of a wall second whatever the time scale.
    cluster ? { metrics: { flushIntervalMs: CLUSTER_FLUSH_MS * options.timeScale } } : {},
  );
  teardown.defer('metrics', () => metrics.close());
  const registry = await startRegistry({ ...base, options, code, space, takeover });
  const buckets = new Buckets({
    store: store.s3,
    blobs: new CodeStore(join(options.dataDir, 's3'), cluster?.s3Blobs),
    clock,
    random,
    region: options.region,
  });
  await buckets.collectGarbage();
  const restApis = new RestApis({ store: store.restApis, clock, random, account });
  const httpApis = new HttpApis({
    store: store.httpApis,
    clock,
    random,
    account,
    gatewayPort: ports.gateway.port,
  });

  const environments = await prepareEnvironments({ ...base, options, functionKeys, api: ports.api });
  const runtime = await startFunctionRuntime({
    ...base,
    options,
    seams,
    code,
    space,
    registry,
    metrics,
    environments: environments.deps,
    takeover,
  });
  const iam = new IamService({ store: store.iam, clock: wallClock, random, accountId: account.accountId });
  const lambda = await lambdaControl({
    ...base,
    registry,
    runtime,
    iam,
    buckets,
    gatewayPort: ports.gateway.port,
  });
  const states = stepFunctions({ ...base, runtime, metrics, takeover });
  const engine = deployments({ ...base, registry, runtime, metrics, takeover });
  const cfn = cloudFormation({
    ...base,
    buckets,
    deployments: engine,
    credentials,
    endpointUrl: ports.api.endpointUrl,
    gatewayPort: ports.gateway.port,
    takeover,
    sessionKeys: functionKeys,
    iam,
  });
  if (cluster) {
    // Changes other nodes make reach this node's caches and engines.
    const followers = { registry, restApis, httpApis, warmKeeper: runtime.warmKeeper, engine };
    const unfollow = cluster.follow({
      ...followers,
      alarms: metrics.alarms,
      metrics: metrics.service,
      executions: states.executions,
    });
    teardown.defer('following other nodes', unfollow);
  }
  return {
    metrics,
    registry,
    buckets,
    restApis,
    httpApis,
    environments,
    runtime,
    iam,
    lambda,
    states,
    engine,
    cfn,
  };
}

/** The API, the dashboard and the gateway, answering (requests held since binding first). */
function serveRequests(
  options: ServerOptions,
  seams: ServerSeams,
  { base, wallClock, ports, cluster, credentials, functionKeys, space }: Foundation,
  services: Awaited<ReturnType<typeof startServices>>,
) {
  const { metrics, registry, buckets, restApis, httpApis, runtime, iam, lambda, states, engine, cfn } =
    services;
  const { time, random, account, store, teardown } = base;
  const { clock } = time;
  const callers = access({ options, credentials, functionKeys, iam, store, account, time });
  const startedAt = wallClock.now();
  const self = { address: ports.api.url, gatewayAddress: ports.gateway.url, version: VERSION };
  const nodes =
    cluster?.nodes ??
    soleNode(
      () => ({ ...self, id: hostname(), startedAt, environments: runtime.pool.stats().environments }),
      wallClock,
    );
  const dashboard = buildDashboard(
    {
      ...base,
      nodes,
      registry,
      engine,
      executions: states.executions,
      stacks: cfn.stackEngine,
      metrics,
      timeScale: options.timeScale,
      credentials,
      allowedHosts: callers.allowedHosts,
    },
    seams.dashboard,
  );
  const { timeScale } = options;
  ports.api.serve(
    apiHandler({
      ...base,
      host: options.host,
      lambda: lambda.lambda,
      endpoints: [
        s3Endpoint({ buckets, secrets: callers.secrets }),
        cfn.endpoint,
        logsEndpoint({ logs: runtime.logs, account }),
        cloudWatchEndpoint({ metrics: metrics.service, alarms: metrics.alarms, clock }),
        codeDeployEndpoint({ store: store.deploy, engine, clock, random, account, space }),
        states.endpoint,
        iamEndpoint(iam),
      ],
      extensions: [
        nodesRoute(nodes),
        // Before deployRoutes: extensions are matched by prefix, first one first.
        clockRoute({ clock, timeScale }),
        deployRoutes({ store: store.deploy, engine, clock, timeScale }),
        apiGatewayService(restApis),
        apiGatewayV2Service(httpApis),
        dashboardExtension(dashboard),
      ],
      access: callers,
      metrics,
      cluster,
    }),
  );
  // Open dashboard streams would otherwise hold their connections until the grace period ends.
  teardown.defer('dashboard streams', () => dashboard.close());
  const gateway = serveGateway(ports.gateway, {
    ...base,
    invoker: runtime.invoker,
    functionUrls: lambda.functionUrls,
    httpApis,
    restApis,
    permissions: lambda.permissions,
    access: callers,
  });
  return { dashboard, gateway, self };
}

/** Runs the teardown; platform timers do not hold the process open, so this does until it ends. */
async function shutDown(teardown: Teardown, log: Log, { rethrow = false } = {}): Promise<void> {
  const holdOpen = setInterval(() => undefined, 60_000);
  try {
    await teardown.close();
  } catch (error) {
    if (rethrow) throw error;
    // A failed start-up's own error is the one to report.
    log.warn('closing what a failed start-up had opened failed', { error: String(error) });
  } finally {
    clearInterval(holdOpen);
  }
}
