import { join } from 'node:path';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { CodeStore } from '../artifacts/code-store.js';
import type { DiskSpace } from '../capacity/disk-space.js';
import type { DeployCluster } from '../deployments/engine.js';
import { EventInvokeConfigs } from '../functions/event-invoke-configs.js';
import type { Account } from '../functions/names.js';
import type { Registry } from '../functions/registry.js';
import { AsyncQueue } from '../invoke/async-queue.js';
import { FunctionCache } from '../invoke/function-cache.js';
import { allObservers } from '../invoke/invocation-record.js';
import { Invoker } from '../invoke/invoker.js';
import { FileLogStore } from '../invoke/log-store.js';
import { Unpacker } from '../invoke/targets.js';
import { WarmKeeper } from '../invoke/warm-keeper.js';
import type { MetricsSystem } from '../metrics/metrics-system.js';
import type { EnvironmentDeps } from '../runtime/environment.js';
import type { BurstPolicy } from '../runtime/burst-rules.js';
import { Pool } from '../runtime/pool.js';
import { osCpuGauge } from '../runtime/cpu-gauge.js';
import type { Store } from '../store/store.js';
import type { PlatformTime } from './platform-time.js';
import { exportPressure } from './pressure-metrics.js';
import type { ServerOptions, ServerSeams } from './server-options.js';
import type { Teardown } from './teardown.js';

/** Lambda's init limit for provisioned starts (or the timeout if higher). */
const PREWARM_INIT_LIMIT_MS = 130_000;

/** Running functions: environments, invocations, their logs, the Event queue and warming. */
export interface FunctionRuntime {
  pool: Pool;
  invoker: Invoker;
  asyncQueue: AsyncQueue;
  warmKeeper: WarmKeeper;
  logs: FileLogStore;
  eventInvokeConfigs: EventInvokeConfigs;
  /** Starts provisioned environments and the Event queue's attempts (once the API answers). */
  start(): Promise<void>;
}

export async function startFunctionRuntime(input: {
  options: ServerOptions;
  seams: ServerSeams;
  time: PlatformTime;
  random: Random;
  log: Log;
  account: Account;
  store: Store;
  code: CodeStore;
  space: DiskSpace;
  registry: Registry;
  metrics: MetricsSystem;
  environments: EnvironmentDeps;
  takeover: DeployCluster | undefined;
  teardown: Teardown;
}): Promise<FunctionRuntime> {
  const { options, seams, time, random, log, account, store, code, space, teardown } = input;
  const { clock, functionTime } = time;
  const logs = new FileLogStore(
    { dir: join(options.dataDir, 'logs'), logClock: functionTime.clock, log, space },
    {
      capBytes: options.logCapBytes,
      // Logs stamped on the rehearsal's clock are in platform time already.
      timeScale: seams.clock || functionTime.clock === clock ? 1 : options.timeScale,
    },
  );
  await logs.start();
  teardown.defer('function logs', () => logs.close());
  const pool = new Pool(input.environments, {
    accountConcurrency: options.maxConcurrency,
    maxEnvironments: options.maxConcurrency,
    idleTimeoutMs: options.idleTimeoutSeconds * 1000,
    prewarmInitLimitMs: PREWARM_INIT_LIMIT_MS,
    burst: burstPolicy(options),
    cpu: seams.cpu ?? osCpuGauge(),
  });
  const cache = new FunctionCache(input.registry, log);
  const unpacker = new Unpacker(code);
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
      ...(options.invocationMetrics ? [input.metrics.recorder] : []),
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
    ...(input.takeover
      ? { cluster: { ...input.takeover, scanEveryMs: 2 * input.takeover.scanEveryMs } }
      : {}),
  });
  // The attempts the stopping pool cuts short settle after it, before their logs close.
  teardown.defer('Event queue attempts', () => asyncQueue.drain());
  // No function process outlives the server.
  teardown.defer('environment pool', () => pool.close());
  await cache.start();
  teardown.defer('function cache', () => cache.close());
  exportPressure(input.metrics.prometheus, { space, logs, queue: asyncQueue });
  teardown.defer('Event queue', () => asyncQueue.stop());
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
  teardown.defer('provisioned concurrency', () => warmKeeper.close());
  return {
    pool,
    invoker,
    asyncQueue,
    warmKeeper,
    logs,
    eventInvokeConfigs,
    async start() {
      await warmKeeper.start();
      await asyncQueue.start();
    },
  };
}

function burstPolicy(options: ServerOptions): BurstPolicy {
  return {
    queueMs: options.burstQueueMs,
    maxConcurrentInits: options.maxConcurrentInits,
    maxBusyWhenSaturated: options.maxBusyWhenSaturated || Infinity,
    maxSaturatedWaitMs: options.maxSaturatedWaitMs || Infinity,
  };
}
