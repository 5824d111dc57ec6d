import { requestStop } from '../deployments/controls.js';
import type { Deployment } from '../deployments/model.js';
import { isTerminal } from '../deployments/model.js';
import type { AliasRecord } from '../functions/model.js';
import { ConflictException } from './errors.js';
import { deploymentsNow, targets, type DashboardServices } from './services.js';

/** What "roll back this alias now" would do, decided from the alias and its deployments. */
export type RollbackPlan =
  /** A deployment is moving the alias: stop it with rollback (the engine restores the alias). */
  | { action: 'stop-deployment'; deploymentId: string; toVersion: string; description: string }
  /** The alias splits traffic: send all of it to its primary version. */
  | { action: 'clear-routing'; toVersion: string; description: string }
  /** A deployment moved the alias to its version: point it back at the one before. */
  | { action: 'previous-version'; toVersion: string; deploymentId: string; description: string };

/**
 * Pure: `deployments` newest first. The active deployment wins (changing the alias under it would
 * only be undone by its next step); then a traffic split; then the last deployment that put the
 * alias where it is.
 */
export function rollbackPlan(
  alias: AliasRecord,
  deployments: readonly Deployment[],
): RollbackPlan | undefined {
  const mine = deployments.filter((d) => !d.isRollback && targets(d, alias.functionName, alias.name));
  const active = mine.find((d) => !isTerminal(d));
  if (active?.spec) {
    return {
      action: 'stop-deployment',
      deploymentId: active.id,
      toVersion: active.spec.currentVersion,
      description: `Stop deployment ${active.id} and roll back to version ${active.spec.currentVersion}`,
    };
  }
  if (alias.routing) {
    return {
      action: 'clear-routing',
      toVersion: alias.functionVersion,
      description: `Send all traffic to version ${alias.functionVersion} (drop the ${round(alias.routing.weight * 100)}% on version ${alias.routing.version})`,
    };
  }
  const last = mine.find((d) => d.status === 'Succeeded');
  if (
    last?.spec &&
    last.spec.targetVersion === alias.functionVersion &&
    last.spec.currentVersion !== alias.functionVersion
  ) {
    return {
      action: 'previous-version',
      toVersion: last.spec.currentVersion,
      deploymentId: last.id,
      description: `Point the alias back at version ${last.spec.currentVersion}, where deployment ${last.id} moved it from`,
    };
  }
  return undefined;
}

/**
 * Rolls an alias back now, as the overview offered: through StopDeployment's rules when a
 * deployment is running, otherwise through UpdateAlias with the revision the page saw, so a
 * change made meanwhile is refused (PreconditionFailedException) rather than overwritten.
 */
export async function rollBackAlias(
  services: DashboardServices,
  input: { functionName: string; alias: string; toVersion: string; revisionId: string },
): Promise<{ plan: RollbackPlan; message: string }> {
  const { registry, deployStore, engine } = services;
  const record = (await registry.load(input.functionName))?.aliases.get(input.alias);
  if (!record)
    throw new ConflictException(`The alias ${input.functionName}:${input.alias} no longer exists.`);
  const { recent, active } = await deploymentsNow(deployStore);
  const plan = rollbackPlan(record, [...active, ...recent]);
  if (!plan)
    throw new ConflictException(
      `The alias ${input.functionName}:${input.alias} has nothing to roll back to.`,
    );
  if (plan.toVersion !== input.toVersion) {
    throw new ConflictException(
      `The alias changed since the page showed it: rolling back now would go to version ${plan.toVersion}, not ${input.toVersion}. Look again and retry.`,
    );
  }
  if (plan.action === 'stop-deployment') {
    const result = await requestStop({ store: deployStore, engine }, plan.deploymentId, true);
    return { plan, message: result.statusMessage };
  }
  await registry.updateAlias({
    functionName: input.functionName,
    name: input.alias,
    functionVersion: plan.toVersion,
    description: undefined,
    weights: {},
    revisionId: input.revisionId,
  });
  return {
    plan,
    message: `${input.functionName}:${input.alias} now sends all traffic to version ${plan.toVersion}.`,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
