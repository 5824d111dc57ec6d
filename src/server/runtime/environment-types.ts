import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { Cgroups } from './cgroup.js';
import type { ErrorPayload } from './failure-payloads.js';
import type { FunctionTime } from './function-time.js';
import type { Launchers } from './launchers.js';
import type { NetworkSlots } from './network-slots.js';
import type { DeliveredEvent } from './runtime-api.js';
import type { Sandbox } from './sandbox.js';
import type { TmpVolumes } from './tmp-volumes.js';

/** What an environment runs: one version of one function, frozen. */
export interface EnvironmentSpec {
  functionName: string;
  version: string;
  runtime: string;
  handler: string;
  memorySize: number;
  timeoutSeconds: number;
  /** The size of its /tmp (Lambda's EphemeralStorage), MB. */
  ephemeralStorageMb: number;
  logGroup: string;
  variables: Readonly<Record<string, string>> | undefined;
  /** The execution role (ARN) whose session the environment's credentials carry. */
  role: string;
  /** Host directory of the unpacked code. */
  codeDir: string;
}

export interface EnvironmentDeps {
  sandbox: Sandbox;
  launchers: Launchers;
  cgroups: Cgroups | undefined;
  /** Private network namespaces; undefined: environments share the host's network. */
  readonly networks: NetworkSlots | undefined;
  /** /tmp volumes sized to EphemeralStorage; undefined: a plain directory. */
  volumes: TmpVolumes | undefined;
  /**
   * Real time: idle reaping and the init limit (an interpreter starts in real time however fast
   * a rehearsal runs, and Lambda's 10 s must not fail inits that pass on Lambda).
   */
  clock: Clock;
  /** The functions' clock: timeouts, deadlines, Duration and log timestamps. */
  functionTime: FunctionTime;
  random: Random;
  log: Log;
  region: string;
  /** The temporary credentials of one environment: its function's session of its execution role. */
  credentials: (spec: EnvironmentSpec) => {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
  /** gradual's API as the host reaches it; inside a private network, its port on loopback. */
  readonly endpointUrl: string;
  /** Where environments' private /tmp directories are made. */
  tmpRoot: string;
  /** Init limit for on-demand starts (Lambda: 10 s). */
  initLimitMs: number;
  /**
   * How gradual's own Node.js and Python bootstraps reach the Runtime API: its framed channel
   * (default), or HTTP as every other runtime does. The HTTP Runtime API is served either way.
   */
  runtimeChannel?: RuntimeChannel;
}

export const RUNTIME_CHANNELS = ['frames', 'http'] as const;
export type RuntimeChannel = (typeof RUNTIME_CHANNELS)[number];

export type Outcome =
  | { kind: 'success'; body: Buffer }
  /** The function's error, as its runtime reported it (invoke or init). */
  | { kind: 'function-error'; body: Buffer }
  /** An error the platform wrote: timeout, crash, out of memory, oversized response. */
  | { kind: 'platform-error'; payload: ErrorPayload; timedOut: boolean };

export interface InvocationResult {
  outcome: Outcome;
  /** What the process wrote during this invocation (and during its init, on a cold start). */
  output: string;
  initOutput: string;
  durationMs: number;
  initDurationMs: number | undefined;
  /** REPORT's Max Memory Used, read when REPORT is built (after the reply). */
  memory: MemoryReading;
  /** The environment's log stream (`AWS_LAMBDA_LOG_STREAM_NAME`). */
  logStream: string;
}

/** REPORT's `Max Memory Used`, read when REPORT is built: after the reply has gone, not before. */
export interface MemoryReading {
  /** Peak memory in MB (rounded up), so far or as the process ended. */
  mb(): number;
}

export type InvocationRequest = Omit<DeliveredEvent, 'deadlineMs'>;
