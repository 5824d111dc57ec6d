import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { DeployEngine, type DeployCluster } from '../deployments/engine.js';
import type { Account } from '../functions/names.js';
import type { Registry } from '../functions/registry.js';
import type { MetricsSystem } from '../metrics/metrics-system.js';
import type { Store } from '../store/store.js';
import { registryAliases } from './deploy-aliases.js';
import { poolPrewarm, queuedHooks } from './deploy-invoke-ports.js';
import { metricAlarms, metricTraffic } from './deploy-metrics-ports.js';
import type { FunctionRuntime } from './function-runtime.js';
import type { PlatformTime } from './platform-time.js';
import type { Teardown } from './teardown.js';

/** CodeDeploy's deployment engine, on Lambda's aliases, the metrics and alarms, and the hooks' invocations. */
export function deployments(input: {
  store: Store;
  registry: Registry;
  runtime: FunctionRuntime;
  metrics: MetricsSystem;
  time: PlatformTime;
  random: Random;
  log: Log;
  account: Account;
  takeover: DeployCluster | undefined;
  teardown: Teardown;
}): DeployEngine {
  const { metrics, runtime, random, account } = input;
  const { clock } = input.time;
  const engine = new DeployEngine({
    store: input.store.deploy,
    clock,
    random,
    log: input.log,
    ports: {
      aliases: registryAliases(input.registry),
      // State changes made on any node: a breach judged elsewhere stops this node's deployments.
      alarms: metricAlarms(metrics.alarms, {
        onStateChange: (listener) => metrics.alarms.onStateChangeAnywhere(listener),
      }),
      traffic: metricTraffic(metrics.service, clock),
      hooks: queuedHooks({ invoker: runtime.invoker, asyncQueue: runtime.asyncQueue, random, account }),
      prewarm: poolPrewarm({ pool: runtime.pool, warmKeeper: runtime.warmKeeper }),
    },
    ...(input.takeover ? { cluster: input.takeover } : {}),
  });
  input.teardown.defer('deployments', () => engine.close());
  return engine;
}
