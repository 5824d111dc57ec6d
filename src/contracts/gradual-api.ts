import type { DeploymentView } from './deployment-view.js';
import type { Plan } from './plan.js';

/**
 * gradual's own HTTP routes beyond AWS's APIs, signed with SigV4 for the service name `gradual`:
 * a deployment's view and its live updates, and a plan preview.
 */
export const GRADUAL_PREFIX = '/_gradual/v1/';

export const deploymentPath = (id: string): string =>
  `${GRADUAL_PREFIX}deployments/${encodeURIComponent(id)}`;

/** Server-sent events, each a `deployment` event whose data is a DeploymentView & ServerTime. */
export const deploymentEventsPath = (id: string): string => `${deploymentPath(id)}/events`;

export const PLAN_PATH = `${GRADUAL_PREFIX}plan`;

/** The server's platform time with an answer, so a client counts down to the next step in it. */
export interface ServerTime {
  serverTime: number;
  timeScale: number;
}

export type TimedDeploymentView = DeploymentView & ServerTime;

/** `GET deploymentPath(id)` */
export interface DeploymentResponse {
  deployment: TimedDeploymentView;
}

/** `POST PLAN_PATH` body; `gradualOptions` as CreateDeployment takes them. */
export interface PlanRequest {
  deploymentConfigName?: string;
  requestsPerSecond?: number;
  gradualOptions?: unknown;
  /** Ask when the judge would catch the error rate going from `baseErrorRate` to `errorRate`. */
  detect?: { baseErrorRate: number; errorRate: number };
}

export interface PlanResponse extends ServerTime {
  deploymentConfigName: string;
  plan: Plan;
}
