import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  type CloudWatchClient,
} from '@aws-sdk/client-cloudwatch';
import {
  DeleteDeploymentGroupCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import {
  DeleteFunctionCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { StackPlan } from '../template/model.js';
import { LOGICAL_ID_TAG, STACK_TAG, type StackClients } from './deployer.js';
import { findRouteRemovals, pruneRestApi, type RouteRemovals } from './prune-routes.js';

/**
 * CloudFormation's cleanup phase: what the stack created and the template no longer declares is
 * deleted, once the update (and its deployments) succeeded. Routes first (they invoke functions),
 * then functions with their deployment groups (groups name alarms), then alarms.
 */

/** A removal refused before anything was deleted: the user has something to do first. */
export class PruneRefused extends Error {}

export interface RemovedFunction {
  name: string;
  logicalId: string;
}

/** One line per deletion, in the deploy output's words. */
export type Removal = string;

const IN_PROGRESS = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'] as const;

function errorName(e: unknown): string | undefined {
  return e instanceof Error ? e.name : undefined;
}

/** Functions of this stack (by their `gradual:stack` tag) that the template no longer declares. */
export async function removedFunctions(lambda: LambdaClient, plan: StackPlan): Promise<RemovedFunction[]> {
  const declared = new Set(plan.functions.map((f) => f.name));
  const removed: RemovedFunction[] = [];
  let Marker: string | undefined;
  do {
    const page = await lambda.send(new ListFunctionsCommand({ Marker }));
    for (const fn of page.Functions ?? []) {
      if (declared.has(fn.FunctionName!)) continue;
      const { Tags } = await lambda.send(new ListTagsCommand({ Resource: fn.FunctionArn! }));
      if (Tags?.[STACK_TAG] === plan.stackName)
        removed.push({ name: fn.FunctionName!, logicalId: Tags[LOGICAL_ID_TAG] ?? fn.FunctionName! });
    }
    Marker = page.NextMarker;
  } while (Marker);
  return removed.sort((a, b) => a.name.localeCompare(b.name));
}

/** SAM's `<stack>-<Fn>DeploymentGroup`, if the deployer made one for this function. */
async function groupOf(
  cd: CodeDeployClient,
  plan: StackPlan,
  fn: RemovedFunction,
): Promise<string | undefined> {
  const deploymentGroupName = `${plan.stackName}-${fn.logicalId}DeploymentGroup`;
  try {
    await cd.send(
      new GetDeploymentGroupCommand({ applicationName: plan.applicationName, deploymentGroupName }),
    );
    return deploymentGroupName;
  } catch (e) {
    const name = errorName(e);
    if (name === 'DeploymentGroupDoesNotExistException' || name === 'ApplicationDoesNotExistException')
      return undefined;
    throw e;
  }
}

/** Alarms tagged with this stack (as the deployer tags them) that the template no longer declares. */
export async function removedAlarms(cw: CloudWatchClient, plan: StackPlan): Promise<string[]> {
  const declared = new Set(plan.alarms.map((a) => a.name));
  const removed: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cw.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], NextToken }));
    for (const alarm of page.MetricAlarms ?? []) {
      if (declared.has(alarm.AlarmName!)) continue;
      const { Tags } = await cw.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn! }));
      if (Tags?.some((t) => t.Key === STACK_TAG && t.Value === plan.stackName))
        removed.push(alarm.AlarmName!);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return removed.sort();
}

/** What the stack created and the template no longer declares. */
export interface StackRemovals {
  functions: RemovedFunction[];
  alarms: string[];
  routes?: RouteRemovals;
}

export async function findRemovals(plan: StackPlan, clients: StackClients): Promise<StackRemovals> {
  const routes = await findRouteRemovals(clients.apiGateway, plan);
  return {
    functions: await removedFunctions(clients.lambda, plan),
    alarms: await removedAlarms(clients.cloudWatch, plan),
    ...(routes ? { routes } : {}),
  };
}

export function nothingRemoved(r: StackRemovals): boolean {
  return r.functions.length === 0 && r.alarms.length === 0 && !r.routes;
}

/**
 * Deletes what `findRemovals` found; says each deletion. Refuses (deleting nothing) when a removed
 * function has a deployment in progress.
 */
export async function pruneStack(
  plan: StackPlan,
  clients: StackClients,
  removals: StackRemovals,
  say: (line: string) => void,
): Promise<Removal[]> {
  const lines: Removal[] = [];
  const done = (line: string): void => {
    lines.push(line);
    say(line);
  };
  const { functions, alarms } = removals;
  const groups = new Map<string, string>();
  for (const fn of functions) {
    const group = await groupOf(clients.codeDeploy, plan, fn);
    if (!group) continue;
    groups.set(fn.name, group);
    const { deployments } = await clients.codeDeploy.send(
      new ListDeploymentsCommand({
        applicationName: plan.applicationName,
        deploymentGroupName: group,
        includeOnlyStatuses: [...IN_PROGRESS],
      }),
    );
    const busy = deployments?.[0];
    if (busy)
      throw new PruneRefused(
        `function ${fn.name} was removed from the template, but its deployment ${busy} is in progress; nothing was deleted. ` +
          `Wait for it to end (gradual deployments ${busy} --watch) or stop it (gradual stop ${busy}), then run gradual deploy again.`,
      );
  }

  if (removals.routes) await pruneRestApi(clients, plan, removals.routes, done);

  for (const fn of functions) {
    const group = groups.get(fn.name);
    if (group) {
      await clients.codeDeploy.send(
        new DeleteDeploymentGroupCommand({
          applicationName: plan.applicationName,
          deploymentGroupName: group,
        }),
      );
      done(`deployment group ${group}: deleted (its function was removed from the template)`);
    }
    await clients.lambda.send(new DeleteFunctionCommand({ FunctionName: fn.name }));
    done(`function ${fn.name}: deleted (removed from the template)`);
  }

  // DeleteAlarms takes up to 100 names.
  for (let i = 0; i < alarms.length; i += 100)
    await clients.cloudWatch.send(new DeleteAlarmsCommand({ AlarmNames: alarms.slice(i, i + 100) }));
  for (const alarm of alarms) done(`alarm ${alarm}: deleted (removed from the template)`);
  return lines;
}
