import type { DeploymentView } from '../../contracts/deployment-view.js';
import { canContinue } from '../deployments/controls.js';
import { deploymentView, weightChanges } from '../deployments/view.js';
import type { Deployment } from '../deployments/model.js';
import { isTerminal } from '../deployments/model.js';
import { NotFoundException } from './errors.js';
import { chooseWindow, versionSeries, type SeriesWindow, type VersionSeries } from './metric-series.js';
import type { DashboardServices } from './services.js';

/** A deployment in a line: for lists, and for the rollback a deployment spawned. */
export interface DeploymentSummary {
  id: string;
  status: string;
  applicationName: string;
  groupName: string;
  configName: string;
  creator: string;
  functionName: string | undefined;
  alias: string | undefined;
  currentVersion: string | undefined;
  targetVersion: string | undefined;
  targetWeight: number;
  /** 1-based step being held, and how many there are. */
  step: number | undefined;
  steps: number;
  createTime: number;
  completeTime: number | undefined;
  error: string | undefined;
}

export function deploymentSummary(d: Deployment): DeploymentSummary {
  return {
    id: d.id,
    status: d.status,
    applicationName: d.applicationName,
    groupName: d.groupName,
    configName: d.configName,
    creator: d.creator,
    functionName: d.spec?.functionName,
    alias: d.spec?.alias,
    currentVersion: d.spec?.currentVersion,
    targetVersion: d.spec?.targetVersion,
    targetWeight: d.targetWeight,
    step: d.phase.kind === 'shifting' ? d.phase.step + 1 : undefined,
    steps: d.schedule.length,
    createTime: d.createTime,
    completeTime: d.completeTime,
    error: d.error?.message,
  };
}

/** The deployment, the rollback it spawned or the one it rolls back, and live alarm states. */
export interface DeploymentPage {
  now: number;
  deployment: DeploymentView;
  summary: DeploymentSummary;
  rollback: DeploymentSummary | undefined;
  rollbackOf: DeploymentSummary | undefined;
  alarms: { name: string; state: string; reason: string | undefined; updatedAt: number | undefined }[];
  actions: { stop: boolean; continue: boolean };
}

async function load(services: DashboardServices, id: string): Promise<Deployment> {
  const d = await services.deployStore.read((r) => r.deployment(id));
  if (!d) throw new NotFoundException(`The deployment ${id} could not be found.`);
  return d;
}

async function related(
  services: DashboardServices,
  d: Deployment,
): Promise<{ rollback: Deployment | undefined; rollbackOf: Deployment | undefined }> {
  const { rollbackDeploymentId, rollbackTriggeringDeploymentId } = d.rollbackInfo ?? {};
  return services.deployStore.read((r) => ({
    rollback: rollbackDeploymentId ? r.deployment(rollbackDeploymentId) : undefined,
    rollbackOf: rollbackTriggeringDeploymentId ? r.deployment(rollbackTriggeringDeploymentId) : undefined,
  }));
}

export async function deploymentPage(services: DashboardServices, id: string): Promise<DeploymentPage> {
  const d = await load(services, id);
  const { rollback, rollbackOf } = await related(services, d);
  return {
    now: services.clock.now(),
    deployment: deploymentView(d),
    summary: deploymentSummary(d),
    rollback: rollback && deploymentSummary(rollback),
    rollbackOf: rollbackOf && deploymentSummary(rollbackOf),
    alarms: d.alarms.alarms.map((name) => {
      const state = services.alarms.stateOf(name);
      return { name, state: state?.value ?? 'MISSING', reason: state?.reason, updatedAt: state?.timestamp };
    }),
    actions: { stop: !isTerminal(d), continue: canContinue(d) },
  };
}

/** A change of the target version's configured share of traffic (percent), at `at` (ms). */
export interface WeightPoint {
  at: number;
  weight: number;
}

/**
 * The target version's configured weight over time, from the decision log: 0 at the start, each
 * applied step, 100 on success; a rollback deployment's steps count back down.
 */
export function weightSteps(d: Deployment, rollback: Deployment | undefined): WeightPoint[] {
  const points: WeightPoint[] = [];
  if (d.startTime !== undefined) points.push({ at: d.startTime, weight: 0 });
  points.push(...weightChanges(d));
  if (rollback) points.push(...weightChanges(rollback).map((p) => ({ at: p.at, weight: 100 - p.weight })));
  // One point per instant: the last word at a time is what held after it.
  const byTime = new Map<number, number>();
  for (const p of points) byTime.set(p.at, p.weight);
  return [...byTime].map(([at, weight]) => ({ at, weight })).sort((a, b) => a.at - b.at);
}

export interface DeploymentSeries {
  now: number;
  window: SeriesWindow;
  current: { version: string; series: VersionSeries } | undefined;
  target: { version: string; series: VersionSeries } | undefined;
  weights: WeightPoint[];
}

/**
 * The charts of a deployment page: per-version invocations, errors and p99 duration through the
 * alias, from a little before the deployment started until a little after it (and its rollback)
 * ended, or until now.
 */
export async function deploymentSeries(services: DashboardServices, id: string): Promise<DeploymentSeries> {
  const d = await load(services, id);
  const { rollback } = await related(services, d);
  const now = services.clock.now();
  const start = d.startTime ?? d.createTime;
  const end = rollback?.completeTime ?? d.completeTime ?? now;
  const span = Math.max(end - start, 60_000);
  const window = chooseWindow(
    start - Math.max(span * 0.1, 10_000),
    Math.min(now, end + Math.max(span * 0.25, 30_000)),
    now,
    services.metrics.options.tiers,
  );
  const spec = d.spec;
  const one = async (version: string) => ({
    version,
    series: await versionSeries(
      services.metrics,
      { functionName: spec!.functionName, alias: spec!.alias, version },
      window,
    ),
  });
  const [current, target] = spec
    ? await Promise.all([one(spec.currentVersion), one(spec.targetVersion)])
    : [undefined, undefined];
  return { now, window, current, target, weights: weightSteps(d, rollback) };
}
