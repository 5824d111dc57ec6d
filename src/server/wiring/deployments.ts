import { DeployEngine } from '../deployments/engine.js';
import type { Registry } from '../functions/registry.js';
import type { MetricsSystem } from '../metrics/metrics-system.js';
import { registryAliases } from './deploy-aliases.js';
import { poolPrewarm, queuedHooks } from './deploy-invoke-ports.js';
import { metricAlarms, metricTraffic } from './deploy-metrics-ports.js';
import type { FunctionRuntime } from './function-runtime.js';
import type { ServiceBase, Takeover } from './service-base.js';

/** CodeDeploy's deployment engine, on Lambda's aliases, the metrics and alarms, and the hooks' invocations. */
export function deployments(
  input: ServiceBase & {
    registry: Registry;
    runtime: FunctionRuntime;
    metrics: MetricsSystem;
    takeover: Takeover;
  },
): DeployEngine {
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
