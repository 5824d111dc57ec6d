import type { JudgeInput } from './judge/checks.js';

/** What the engine reads from the world before each step, and what it asks the world to do after. */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AliasView {
  functionVersion: string;
  /** The extra version and its weight (0-1), if the alias routes to two versions. */
  routing: { version: string; weight: number } | undefined;
}

export interface Observations {
  /** The AppSpec's alias as it is now; undefined if the function or alias does not exist. */
  alias: AliasView | undefined;
  /** Whether the AppSpec's versions exist. */
  versionsExist: { current: boolean; target: boolean };
  /** State of each of the deployment's alarms; undefined for an alarm that does not exist. */
  alarms: Record<string, AlarmState | undefined>;
  /** Invocations of each version through the alias since the current shift step was applied. */
  invocations: { current: number; target: number };
  /** Both versions over the same window since the first shift, when the deployment has a judge. */
  judge?: JudgeInput;
}

export type Effect =
  | {
      kind: 'setAlias';
      functionName: string;
      alias: string;
      functionVersion: string;
      /** Extra version -> weight (0-1); empty for none. */
      weights: Record<string, number>;
    }
  | {
      kind: 'invokeHook';
      executionId: string;
      functionName: string;
      payload: { DeploymentId: string; LifecycleEventHookExecutionId: string };
    }
  /** Start as many environments of `version` as `like` has now (at least one). */
  | { kind: 'prewarm'; functionName: string; version: string; like: string };
