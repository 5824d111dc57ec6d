import type { NodeView } from '../../contracts/node-view.js';
import type { Deployment } from '../deployments/model.js';
import type { AliasRecord, FunctionAggregate } from '../functions/model.js';
import { deploymentSummary, type DeploymentSummary } from './deployment-page.js';
import { recentTotals } from './metric-series.js';
import { rollbackPlan, type RollbackPlan } from './rollback.js';
import { deploymentsNow, targets, type DashboardServices } from './services.js';

/** How far back the observed split looks (platform time), unless a deployment step began since. */
export const OBSERVED_WINDOW_SECONDS = 300;
/** A step younger than this is shown over the last few minutes instead (too few invocations yet). */
const MIN_STEP_WINDOW_MS = 20_000;
/** Functions shown at most; the rest are counted. */
const MAX_FUNCTIONS = 200;
const LIST_PAGE = 50;

export interface AliasView {
  name: string;
  description: string;
  revisionId: string;
  /** The alias's routing: its primary version and the weighted extra one, in percent. */
  configured: { version: string; percent: number }[];
  /** What the alias actually served, per version, over the last few minutes. */
  observed: { version: string; invocations: number; errors: number; percent: number }[];
  observedTotal: number;
  /** Over what stretch `observed` was counted: "last 5 min", "since step 4 of 10 began (40 s)". */
  observedOver: string;
  deployment: DeploymentSummary | undefined;
  rollback: RollbackPlan | undefined;
}

export interface FunctionView {
  name: string;
  runtime: string;
  description: string;
  state: string;
  lastModified: number;
  versions: {
    version: string;
    description: string;
    lastModified: number;
    codeSha256: string;
    codeSize: number;
  }[];
  aliases: AliasView[];
}

export interface Overview {
  now: number;
  functions: FunctionView[];
  /** Functions beyond the ones shown. */
  moreFunctions: number;
  deployments: { active: DeploymentSummary[]; recent: DeploymentSummary[] };
  /** The nodes serving this gradual, with their heartbeats. */
  nodes: NodeView[];
}

async function functionNames(services: DashboardServices): Promise<{ names: string[]; more: number }> {
  const names: string[] = [];
  let after: { functionName: string; version: number } | undefined;
  let more = 0;
  for (;;) {
    const page = await services.registry.listConfigs({ after, limit: LIST_PAGE, allVersions: false });
    for (const listed of page) {
      if (names.length < MAX_FUNCTIONS) names.push(listed.functionName);
      else more++;
    }
    const last = page[page.length - 1];
    if (page.length < LIST_PAGE || !last) return { names, more };
    after = { functionName: last.functionName, version: last.version };
  }
}

function configuredSplit(alias: AliasRecord): AliasView['configured'] {
  if (!alias.routing) return [{ version: alias.functionVersion, percent: 100 }];
  const extra = Math.round(alias.routing.weight * 10000) / 100;
  return [
    { version: alias.functionVersion, percent: Math.round((100 - extra) * 100) / 100 },
    { version: alias.routing.version, percent: extra },
  ];
}

async function aliasView(
  services: DashboardServices,
  alias: AliasRecord,
  deployments: readonly Deployment[],
  now: number,
): Promise<AliasView> {
  const configured = configuredSplit(alias);
  const mine = deployments.filter((d) => targets(d, alias.functionName, alias.name));
  const latest = mine[0];
  const active = mine.find((d) => d.status === 'Created' || d.status === 'InProgress');
  // The versions it routes to now, and those of its latest deployment (traffic just rolled back).
  const versions = [
    ...new Set([
      ...configured.map((c) => c.version),
      ...(latest?.spec ? [latest.spec.currentVersion, latest.spec.targetVersion] : []),
    ]),
  ].sort((a, b) => Number(a) - Number(b));
  const window = observedWindow(active, now);
  const totals = await recentTotals(
    services.metrics,
    { functionName: alias.functionName, alias: alias.name },
    versions,
    window.since,
    now,
  );
  const observedTotal = totals.reduce((sum, t) => sum + t.invocations, 0);
  return {
    name: alias.name,
    description: alias.description,
    revisionId: alias.revisionId,
    configured,
    observed: totals
      .filter((t) => t.invocations > 0 || configured.some((c) => c.version === t.version))
      .map((t) => ({
        ...t,
        percent: observedTotal === 0 ? 0 : Math.round((t.invocations / observedTotal) * 10000) / 100,
      })),
    observedTotal,
    observedOver: window.label,
    deployment: active && deploymentSummary(active),
    rollback: rollbackPlan(alias, deployments),
  };
}

/**
 * While a deployment holds a step, the split observed since that step began is the one to compare
 * with the configured weights; otherwise the last few minutes.
 */
function observedWindow(active: Deployment | undefined, now: number): { since: number; label: string } {
  const phase = active?.phase;
  if (phase?.kind === 'shifting' && phase.appliedAt !== undefined) {
    const age = now - phase.appliedAt;
    const steps = active!.schedule.length;
    if (age >= MIN_STEP_WINDOW_MS && age <= OBSERVED_WINDOW_SECONDS * 1000)
      return { since: phase.appliedAt, label: `since step ${phase.step + 1} of ${steps} began, ${ago(age)}` };
  }
  const minutes = OBSERVED_WINDOW_SECONDS / 60;
  return { since: now - OBSERVED_WINDOW_SECONDS * 1000, label: `last ${minutes} min` };
}

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

function functionView(agg: FunctionAggregate, aliases: AliasView[]): FunctionView {
  const latest = agg.fn.latest;
  return {
    name: agg.fn.name,
    runtime: latest.runtime,
    description: latest.description,
    state: latest.state,
    lastModified: latest.lastModified,
    versions: [...agg.versions.values()]
      .sort((a, b) => b.version - a.version)
      .map((v) => ({
        version: String(v.version),
        description: v.config.description,
        lastModified: v.config.lastModified,
        codeSha256: v.config.code.sha256Hex,
        codeSize: v.config.code.size,
      })),
    aliases,
  };
}

/** Everything the overview shows, read through the registry, the deployment store and the metrics. */
export async function overview(services: DashboardServices): Promise<Overview> {
  const now = services.clock.now();
  const { names, more } = await functionNames(services);
  const { recent, active } = await deploymentsNow(services.deployStore);
  const nodes = await services.nodes.list();
  const all = [...active, ...recent.filter((d) => !active.some((a) => a.id === d.id))].sort(
    (a, b) => b.createTime - a.createTime,
  );
  const functions: FunctionView[] = [];
  for (const name of names) {
    const agg = await services.registry.load(name);
    if (!agg) continue;
    const aliases = await Promise.all(
      [...agg.aliases.values()]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((alias) => aliasView(services, alias, all, now)),
    );
    functions.push(functionView(agg, aliases));
  }
  return {
    now,
    functions,
    moreFunctions: more,
    deployments: {
      active: active.map(deploymentSummary),
      recent: recent.slice(0, 15).map(deploymentSummary),
    },
    nodes,
  };
}
