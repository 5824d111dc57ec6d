import type { Clock } from '../../common/clock.js';
import type { LoadedCredentials } from '../auth/credentials.js';
import type { StackEngine } from '../cloudformation/engine.js';
import type { Dashboard } from '../dashboard/dashboard.js';
import type { DeployEngine } from '../deployments/engine.js';
import type { Registry } from '../functions/registry.js';
import type { Invoker } from '../invoke/invoker.js';
import type { WarmKeeper } from '../invoke/warm-keeper.js';
import type { MetricsSystem } from '../metrics/metrics-system.js';
import type { Isolation } from '../runtime/isolation.js';
import type { Pool } from '../runtime/pool.js';
import type { SandboxMode } from '../runtime/sandbox.js';
import type { ExecutionEngine } from '../states/engine.js';
import type { Cluster } from './cluster.js';
import type { ServerOptions } from './server-options.js';

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
  cluster: Cluster | undefined;
  close(): Promise<void>;
}
