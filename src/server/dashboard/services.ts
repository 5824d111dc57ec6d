import type { Clock } from '../../common/clock.js';
import type { NodeDirectory } from '../cluster/nodes.js';
import type { DeployEngine } from '../deployments/engine.js';
import type { Deployment } from '../deployments/model.js';
import type { AlarmService } from '../metrics/alarms/alarm-service.js';
import type { MetricService } from '../metrics/metric-service.js';
import type { Registry } from '../functions/registry.js';
import type { DeployStore } from '../deployments/store.js';
import type { ExecutionEngine } from '../states/engine.js';
import type { StatesStore } from '../states/store.js';

/** What the dashboard reads and acts through: the very services the AWS APIs use. */
export interface DashboardServices {
  registry: Registry;
  deployStore: DeployStore;
  engine: DeployEngine;
  metrics: MetricService;
  alarms: AlarmService;
  /** Platform time (scaled by --time-scale), the time deployments and metrics are recorded in. */
  clock: Clock;
  /** How fast platform time runs (--time-scale): pages count down in it. */
  timeScale: number;
  /** Step Functions: state machines and executions, and the engine that runs them. */
  states: { store: StatesStore; engine: ExecutionEngine };
  /** The nodes serving this gradual (itself alone without a cluster). */
  nodes: NodeDirectory;
}

/** How many deployments the overview looks back over. */
export const RECENT_DEPLOYMENTS = 50;

/** The newest deployments (newest first) and the active ones, in one read. */
export function deploymentsNow(
  store: DeployStore,
  limit = RECENT_DEPLOYMENTS,
): Promise<{ recent: Deployment[]; active: Deployment[] }> {
  return store.read((r) => {
    const recent = r
      .deploymentIds({})
      .slice(0, limit)
      .map((id) => r.deployment(id))
      .filter((d): d is Deployment => d !== undefined);
    const active = r
      .activeDeploymentIds()
      .map((id) => r.deployment(id))
      .filter((d): d is Deployment => d !== undefined);
    return { recent, active };
  });
}

/** Whether a deployment moves this function's alias. */
export function targets(d: Deployment, functionName: string, alias: string): boolean {
  return d.spec?.functionName === functionName && d.spec.alias === alias;
}
