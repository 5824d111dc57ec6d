import type {
  DecisionEntry,
  DeploymentStatus as Status,
  HookEvent,
  LifecycleEvent,
  LifecycleEventName,
  RollbackEvent,
} from '../../contracts/deployment-view.js';
import type { LambdaAppSpec } from './appspec.js';
import type { JudgeConfig } from './judge/config.js';
import type { Judgement } from './judge/judge.js';
import type { ShiftStep, TrafficRouting } from './traffic.js';

/** A CodeDeploy deployment of one Lambda alias, with gradual's engine state. */

// The public vocabulary (statuses, lifecycle events, the decision log) is in contracts/.
export type {
  DecisionEntry,
  EventStatus,
  HookEvent,
  LifecycleEvent,
  LifecycleEventName,
  RollbackEvent,
} from '../../contracts/deployment-view.js';

export const DeploymentStatus = {
  Created: 'Created',
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Stopped: 'Stopped',
} as const satisfies Record<Status, Status>;
export type DeploymentStatus = Status;

export const TERMINAL: readonly DeploymentStatus[] = ['Succeeded', 'Failed', 'Stopped'];

export const LIFECYCLE_EVENTS: readonly LifecycleEventName[] = [
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
];
export interface AlarmConfiguration {
  enabled: boolean;
  ignorePollAlarmFailure: boolean;
  alarms: string[];
}

export interface AutoRollbackConfiguration {
  enabled: boolean;
  events: RollbackEvent[];
}

/**
 * gradual's minimum sample: a step advances only after the target version served
 * `minInvocations` in it. If it has not by the end of the step's hold, the policy decides: keep
 * holding (up to `maxHoldMs` more, then fail), fail now, or pass anyway.
 */
export interface SampleGate {
  minInvocations: number;
  policy: 'hold' | 'fail' | 'pass';
  maxHoldMs: number;
}

/** gradual's own options; AWS clients never send them and never see them. */
export interface GradualOptions {
  sampleGate?: SampleGate;
  /** Start the target version's environments before the first shift. */
  prewarm?: boolean;
  /** How long a hook may take to report before its event fails (AWS: one hour). */
  hookTimeoutMs: number;
  /** Compare the new version with the current one at every step (docs/judge.md). */
  judge?: JudgeConfig;
}

export interface HookExecution {
  event: HookEvent;
  functionName: string;
  /** What the hook reported through PutLifecycleEventHookExecutionStatus, or how invoking it went. */
  status: 'Pending' | 'Succeeded' | 'Failed';
  invoked: boolean;
  deadline: number;
  failure?: string;
}

/** Where the engine is, as a tagged union: each kind is handled in one place in step.ts. */
export type Phase =
  | { kind: 'created' }
  | { kind: 'hook'; event: HookEvent; executionId: string }
  /** `appliedAt` is set once the alias is seen carrying this step's weight. */
  | { kind: 'shifting'; step: number; appliedAt: number | undefined }
  | { kind: 'done' };

export interface RevisionRef {
  revisionType: 'AppSpecContent' | 'String';
  sha256: string;
}

/** A deployment past its start checks: its AppSpec parsed (a deployment whose AppSpec did not fails at start). */
export type StartedDeployment = Deployment & { spec: LambdaAppSpec };

export function hasSpec(d: Deployment): d is StartedDeployment {
  return d.spec !== undefined;
}

/** Narrows a deployment the engine has started; one without its AppSpec breaks an invariant. */
export function startedDeployment(d: Deployment): StartedDeployment {
  if (!hasSpec(d)) throw new Error(`Deployment ${d.id} is ${d.phase.kind} without an AppSpec.`);
  return d;
}

export interface Deployment {
  id: string;
  /** Bumped on every write, so a write decided on a stale copy is detected and redone. */
  rev: number;
  applicationName: string;
  groupName: string;
  configName: string;
  routing: TrafficRouting;
  /** The shift steps, from the routing config or an explicit schedule. */
  schedule: ShiftStep[];
  revision: RevisionRef;
  description: string | undefined;
  creator: 'user' | 'codeDeployRollback';
  createTime: number;
  startTime: number | undefined;
  completeTime: number | undefined;
  status: DeploymentStatus;
  error: { code: string; message: string } | undefined;
  alarms: AlarmConfiguration;
  autoRollback: AutoRollbackConfiguration;
  overrideAlarmConfiguration: AlarmConfiguration | undefined;
  rollbackInfo:
    | { rollbackDeploymentId?: string; rollbackTriggeringDeploymentId?: string; rollbackMessage: string }
    | undefined;
  /** The AppSpec as parsed; `specError` says why it could not be. */
  spec: LambdaAppSpec | undefined;
  specError: string | undefined;
  /** True for a rollback deployment: no start checks, hooks or alarms, just restore the alias. */
  isRollback: boolean;
  phase: Phase;
  events: Record<LifecycleEventName, LifecycleEvent>;
  hookExecutions: Record<string, HookExecution>;
  /** Percent of traffic the alias gives the target version now. */
  targetWeight: number;
  stopRequest: { autoRollbackEnabled: boolean | undefined } | undefined;
  /** ContinueDeployment: end the current step's hold (and any sample hold) now. */
  advanceRequested: boolean;
  /** The revision of the group's previous successful deployment. */
  previousRevision: RevisionRef | undefined;
  /** An effect the engine could not carry out (the alias vanished, say): the deployment fails with it. */
  fault: { code: string; message: string } | undefined;
  log: DecisionEntry[];
  options: GradualOptions;
  /** The judge's latest look (every few seconds while traffic is split). */
  judgement?: { at: number; result: Judgement };
}

export function isTerminal(d: Pick<Deployment, 'status'>): boolean {
  return TERMINAL.includes(d.status);
}
