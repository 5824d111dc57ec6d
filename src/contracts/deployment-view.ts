/**
 * A deployment as gradual shows it (`GET /_gradual/v1/deployments/{id}`, its event stream, and the
 * dashboard's deployment page): CodeDeploy's DeploymentInfo plus gradual's schedule, hooks and
 * decision log. The server builds it in one place (server/deployments/view.ts); the CLI, the
 * progress view and the dashboard read it.
 */

import type { Judgement } from './judgement.js';

export type DeploymentStatus = 'Created' | 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped';
export type RollbackEvent = 'DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_ALARM' | 'DEPLOYMENT_STOP_ON_REQUEST';
export type HookEvent = 'BeforeAllowTraffic' | 'AfterAllowTraffic';
export type LifecycleEventName = HookEvent | 'AllowTraffic';
export type EventStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped';

export interface LifecycleEvent {
  status: EventStatus;
  startTime?: number;
  endTime?: number;
  diagnostics?: {
    errorCode: 'Success' | 'ScriptTimedOut' | 'ScriptFailed' | 'UnknownError';
    message: string;
  };
}

/** Invocations of each version during a step. */
export interface ObservedSplit {
  current: number;
  target: number;
}

interface Entry {
  /** Platform time, ms. */
  at: number;
  /** Why, in a sentence. */
  reason: string;
  /** Each watched alarm's state when the decision was taken. */
  alarms?: Record<string, string>;
  /** The judge's verdict and evidence, when it decided or a check's verdict changed. */
  judge?: Judgement;
}

interface Weighed extends Entry {
  /** Configured percent of traffic on the target version. */
  weight: number;
}

interface Sampled extends Weighed {
  observed: ObservedSplit;
}

/** One decision of the deployment engine, tagged by what happened. */
export type DecisionEntry =
  /** `explicit`: an explicit schedule (gradualOptions, `gradual shift`) replaced the config's routing. */
  | (Entry & { event: 'created'; explicit?: boolean })
  | (Entry & { event: 'started' })
  | (Entry & { event: 'hook-invoked' })
  | (Entry & { event: 'hook-succeeded' })
  /** A step's weight is seen on the alias. */
  | (Weighed & { event: 'shifted' })
  /** A step ended: its hold elapsed, its sample was met, or ContinueDeployment ended it early. */
  | (Sampled & { event: 'advance' })
  /** A step's hold elapsed without its minimum sample; the deployment waits for traffic. */
  | (Sampled & { event: 'holding' })
  /** Not enough traffic to judge: the deployment fails. */
  | (Sampled & { event: 'sample-short' })
  /** The judge's verdicts changed (`judge`), it ended a step early, or it failed the new version. */
  | (Sampled & { event: 'judge' | 'judge-passed' | 'judge-failed'; judge: Judgement })
  | (Weighed & { event: 'succeeded' })
  | (Weighed & { event: 'stopped' })
  | (Weighed & { event: 'failed' });

export type DecisionEvent = DecisionEntry['event'];

/** The entries after which the target version's configured weight is the entry's weight. */
export function setsWeight(entry: DecisionEntry): entry is Weighed & { event: 'shifted' | 'succeeded' } {
  return entry.event === 'shifted' || entry.event === 'succeeded';
}

/** Waiting for the minimum sample of traffic, rather than for the clock. */
export function isHoldingForSample(log: readonly DecisionEntry[]): boolean {
  return log.at(-1)?.event === 'holding';
}

export interface RevisionLocation {
  revisionType: 'AppSpecContent' | 'String';
  appSpecContent?: { sha256: string };
  string?: { sha256: string };
}

export interface AlarmConfigurationInfo {
  enabled: boolean;
  ignorePollAlarmFailure: boolean;
  alarms: { name: string }[];
}

/** CodeDeploy's DeploymentInfo as gradual sends it (CodeDeploy API Reference, DeploymentInfo); times in epoch seconds. */
export interface DeploymentInfo {
  applicationName: string;
  deploymentGroupName: string;
  deploymentConfigName: string;
  deploymentId: string;
  previousRevision?: RevisionLocation;
  revision: RevisionLocation;
  status: DeploymentStatus;
  errorInformation?: { code: string; message: string };
  createTime: number;
  startTime?: number;
  completeTime?: number;
  deploymentOverview: Record<'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Ready', number>;
  description?: string;
  creator: 'user' | 'codeDeployRollback';
  ignoreApplicationStopFailures: boolean;
  autoRollbackConfiguration: { enabled: boolean; events: RollbackEvent[] };
  updateOutdatedInstancesOnly: boolean;
  rollbackInfo?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage: string;
  };
  deploymentStyle: { deploymentType: 'BLUE_GREEN'; deploymentOption: 'WITH_TRAFFIC_CONTROL' };
  instanceTerminationWaitTimeStarted: boolean;
  fileExistsBehavior: 'DISALLOW';
  deploymentStatusMessages: string[];
  computePlatform: 'Lambda';
  overrideAlarmConfiguration?: AlarmConfigurationInfo;
}

/** What the AppSpec moves: one alias of one function, from one version to another. */
export interface DeploymentTarget {
  functionName: string;
  alias: string;
  currentVersion: string;
  targetVersion: string;
  hooks: { BeforeAllowTraffic?: string; AfterAllowTraffic?: string };
}

export interface HookView {
  executionId: string;
  event: HookEvent;
  functionName: string;
  status: 'Pending' | 'Succeeded' | 'Failed';
  failure?: string;
}

export interface DeploymentView extends DeploymentInfo {
  gradual: {
    /** Undefined when the AppSpec could not be read. */
    target: DeploymentTarget | null;
    schedule: { weight: number; holdSeconds: number }[];
    currentStep: number | null;
    /** When the current step's weight was seen on the alias (platform time, ms). */
    stepStartedAt: number | null;
    /** When each step's weight was seen on the alias, in order (platform ms). */
    stepsAppliedAt: number[];
    /** Waiting for the minimum sample of traffic rather than for the clock. */
    holdingForSample: boolean;
    phase: 'created' | 'hook' | 'shifting' | 'done';
    targetWeight: number;
    lifecycleEvents: Record<LifecycleEventName, LifecycleEvent>;
    hooks: HookView[];
    alarms: { enabled: boolean; ignorePollAlarmFailure: boolean; alarms: string[] };
    decisionLog: DecisionEntry[];
    /** The judge's latest look, when the deployment has a judge. */
    judgement: { at: number; result: Judgement } | null;
  };
}

export const TERMINAL_STATUSES: readonly DeploymentStatus[] = ['Succeeded', 'Failed', 'Stopped'];

export function isTerminalStatus(status: string | undefined): status is 'Succeeded' | 'Failed' | 'Stopped' {
  return (TERMINAL_STATUSES as readonly (string | undefined)[]).includes(status);
}
