import type { VersionSample } from './judge/checks.js';
import type { MetricCheckConfig } from './judge/config.js';
import type { AlarmState, AliasView } from './observations.js';

/**
 * What the deployment engine needs from the rest of gradual, as narrow interfaces: the server
 * wires the real registry, alarms, invoke path and pool in; tests can wire simple ones.
 */

export interface AliasPort {
  /** The alias as it is, or undefined if the function or alias does not exist. */
  get(functionName: string, alias: string): Promise<AliasView | undefined>;
  versionExists(functionName: string, version: string): Promise<boolean>;
  /** Points the alias at `functionVersion` with `weights` (extra version -> 0-1), as UpdateAlias does. */
  set(
    functionName: string,
    alias: string,
    functionVersion: string,
    weights: Record<string, number>,
  ): Promise<void>;
}

export interface AlarmPort {
  /** Current state of each named alarm; undefined for one that does not exist. */
  states(names: readonly string[]): Promise<Record<string, AlarmState | undefined>>;
  /** Calls `listener` with an alarm's name whenever its state changes; returns an unsubscribe. */
  onChange(listener: (alarmName: string) => void): () => void;
}

export interface HookPort {
  /** Invokes a hook function asynchronously (InvocationType Event) with this payload. */
  invokeAsync(functionName: string, payload: unknown): Promise<void>;
}

export interface TrafficPort {
  /** Invocations of `version` through `functionName:alias` at or after `since` (ms). */
  invocations(functionName: string, alias: string, version: string, since: number): Promise<number>;
  /** Invocations and errors of `version` through the alias in [from, to) (ms), for the judge. */
  counts(
    functionName: string,
    alias: string,
    version: string,
    from: number,
    to: number,
  ): Promise<{ invocations: number; errors: number }>;
  /**
   * What the judge sees of `version` through the alias in [from, to): its counts, its Duration
   * sketch and each custom metric the judge names (with the version as a dimension).
   */
  sample(
    functionName: string,
    alias: string,
    version: string,
    from: number,
    to: number,
    metrics: readonly MetricCheckConfig[],
  ): Promise<VersionSample>;
}

export interface PrewarmPort {
  /** Starts as many environments of `version` as `like` has now, at least one (best effort). */
  prewarm(functionName: string, version: string, like: string): Promise<void>;
}

export interface DeployPorts {
  aliases: AliasPort;
  alarms: AlarmPort;
  hooks: HookPort;
  traffic: TrafficPort;
  prewarm: PrewarmPort;
}
