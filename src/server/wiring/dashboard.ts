import type { Log } from '../../common/log.js';
import { cryptoRandom } from '../../common/random.js';
import type { LoadedCredentials } from '../auth/credentials.js';
import type { NodeDirectory } from '../cluster/nodes.js';
import { dashboard, type Dashboard, type DashboardOptions } from '../dashboard/dashboard.js';
import type { DeployEngine } from '../deployments/engine.js';
import type { Registry } from '../functions/registry.js';
import type { MetricsSystem } from '../metrics/metrics-system.js';
import type { StackEngine } from '../cloudformation/engine.js';
import type { ExecutionEngine } from '../states/engine.js';
import type { Store } from '../store/store.js';
import type { PlatformTime } from './platform-time.js';

/** The web dashboard at `/ui`: deployments, functions, metrics and executions. */
export function buildDashboard(
  input: {
    nodes: NodeDirectory;
    registry: Registry;
    store: Store;
    engine: DeployEngine;
    executions: ExecutionEngine;
    stacks: StackEngine;
    metrics: MetricsSystem;
    time: PlatformTime;
    timeScale: number;
    credentials: LoadedCredentials | undefined;
    allowedHosts: readonly string[];
    log: Log;
  },
  options: DashboardOptions | undefined,
): Dashboard {
  return dashboard(
    {
      nodes: input.nodes,
      registry: input.registry,
      deployStore: input.store.deploy,
      engine: input.engine,
      metrics: input.metrics.service,
      alarms: input.metrics.alarms,
      clock: input.time.clock,
      timeScale: input.timeScale,
      states: { store: input.store.states, engine: input.executions },
      cloudformation: { store: input.store.cloudformation, engine: input.stacks },
      wallClock: input.time.wallClock,
      // Session ids must be unguessable even when tests seed the platform's random source.
      secureRandom: cryptoRandom(),
      credentials: input.credentials?.credentials,
      log: input.log,
      allowedHosts: input.allowedHosts,
    },
    options,
  );
}
