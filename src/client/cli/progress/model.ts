import type { DeploymentView } from '../../sdk/deployments.js';

export type { DecisionEntry, DeploymentView } from '../../sdk/deployments.js';

/**
 * What the progress view knows about each watched deployment: the server's deployment view (from
 * `/_gradual/v1/deployments/<id>`), its rollback deployment if one was spawned, alarm states and
 * per-version counts. Plain data, so rendering is a pure function of it.
 */

export type FinalStatus = 'Succeeded' | 'Failed' | 'Stopped';

export interface VersionCounts {
  invocations: number;
  errors: number;
}

export interface Watched {
  functionName: string;
  alias: string;
  deploymentId: string;
}

export interface FunctionProgress {
  watched: Watched;
  view: DeploymentView | undefined;
  /** Wall time the view arrived, to count down between updates. */
  receivedAt: number;
  rollback: DeploymentView | undefined;
  /** Alarm name -> OK | ALARM | INSUFFICIENT_DATA. */
  alarms: Record<string, string>;
  /** Invocations and errors per version over the last minute (wall time). */
  counts: { current: VersionCounts; target: VersionCounts } | undefined;
  /** A stop was requested from this view. */
  stopping: boolean;
  /** The view could not be read (the server went away, say). */
  problem: string | undefined;
}

export const TERMINAL_STATUSES: readonly string[] = ['Succeeded', 'Failed', 'Stopped'];

export function isFinal(status: string | undefined): status is FinalStatus {
  return status !== undefined && TERMINAL_STATUSES.includes(status);
}

export function initialProgress(watched: Watched): FunctionProgress {
  return {
    watched,
    view: undefined,
    receivedAt: 0,
    rollback: undefined,
    alarms: {},
    counts: undefined,
    stopping: false,
    problem: undefined,
  };
}

/** Done when the deployment ended and its rollback, if it spawned one, ended too. */
export function isDone(p: FunctionProgress): boolean {
  if (!isFinal(p.view?.status)) return false;
  const rollbackId = p.view?.rollbackInfo?.rollbackDeploymentId;
  return rollbackId === undefined || isFinal(p.rollback?.status);
}

/** Why a deployment did not succeed, in one sentence. */
export function reasonOf(view: DeploymentView): string | undefined {
  if (view.status === 'Succeeded') return undefined;
  return view.errorInformation?.message ?? view.rollbackInfo?.rollbackMessage;
}

/** The server's platform time now, extrapolated from the last view at its time scale. */
export function platformNow(p: FunctionProgress, wallNow: number): number | undefined {
  const view = p.view;
  if (view?.serverTime === undefined) return undefined;
  return view.serverTime + Math.max(0, wallNow - p.receivedAt) * (view.timeScale ?? 1);
}

/** Platform milliseconds until the current step's hold ends, if a step is holding. */
export function untilNextStep(p: FunctionProgress, wallNow: number): number | undefined {
  const g = p.view?.gradual;
  if (!g || g.currentStep === null || g.stepStartedAt === null || g.stepStartedAt === undefined)
    return undefined;
  const step = g.schedule[g.currentStep];
  if (!step || g.currentStep === g.schedule.length - 1) return undefined;
  const now = platformNow(p, wallNow);
  if (now === undefined) return undefined;
  return Math.max(0, g.stepStartedAt + step.holdSeconds * 1000 - now);
}
