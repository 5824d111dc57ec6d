import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { DEFAULT_DATA_DIR, REHEARSAL_DATA_DIR } from '../../contracts/data-dirs.js';
import { DEFAULT_SPACE_OPTIONS } from '../capacity/space-rules.js';
import type { DashboardOptions } from '../dashboard/dashboard.js';
import type { InvocationObserver } from '../invoke/invocation-record.js';
import { DEFAULT_LOG_OPTIONS } from '../invoke/logs/log-types.js';
import type { CpuGauge } from '../runtime/cpu-gauge.js';
import type { RuntimeChannel } from '../runtime/environment-types.js';
import type { SandboxMode } from '../runtime/sandbox.js';

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
   * How long an invocation waits for a busy environment of its version before starting a new one
   * (default 100); 0 is Lambda's strict behaviour (never wait, no cap on starts at once). See burst-rules.ts.
   */
  burstQueueMs: number;
  /** Environments initialising at once before further starts wait (when burstQueueMs > 0). */
  maxConcurrentInits: number;
  /**
   * While the machine's CPU is saturated, busy environments beyond which a start waits for its
   * version's next free one (when burstQueueMs > 0); 0: no CPU check.
   */
  maxBusyWhenSaturated: number;
  /**
   * How long in all an invocation waits on that CPU check before it starts an environment anyway
   * (when burstQueueMs > 0); 0: no bound.
   */
  maxSaturatedWaitMs: number;
  /** How gradual's Node.js and Python bootstraps reach the Runtime API (see environment-types.ts). */
  runtimeChannel: RuntimeChannel;
}

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
  // About one cold start: on a small machine a burst waits briefly for busy environments instead of
  // becoming a storm of cold starts (docs/benchmarks.md). Lambda never waits: `--burst-queue-ms 0`.
  // The cost: a version's first requests after an alias flip share its first environments.
  burstQueueMs: 100,
  maxConcurrentInits: Math.max(2, availableParallelism()),
  maxBusyWhenSaturated: 4 * availableParallelism(),
  // About ten looks at the suggested 100 ms queue: a backlog on a busy machine waits out a few
  // invocations' worth, a version whose environments stay busy for seconds gets a start.
  maxSaturatedWaitMs: 1000,
  runtimeChannel: 'frames',
  allowRealFunctionClock: false,
  spaceReserveBytes: DEFAULT_SPACE_OPTIONS.reserveBytes,
  logCapBytes: DEFAULT_LOG_OPTIONS.capBytes,
};

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
  /** How busy the machine's CPUs are, for the burst queue (tests of the CPU check). */
  cpu?: CpuGauge;
}

/** The options as given, over the defaults; a rehearsal keeps its own timeline, in a data dir of its own unless told otherwise. */
export function resolveOptions(partial: Partial<ServerOptions>): ServerOptions {
  const timeScale = partial.timeScale ?? DEFAULT_OPTIONS.timeScale;
  return {
    ...DEFAULT_OPTIONS,
    ...partial,
    dataDir: resolve(partial.dataDir ?? (timeScale === 1 ? DEFAULT_DATA_DIR : REHEARSAL_DATA_DIR)),
  };
}
