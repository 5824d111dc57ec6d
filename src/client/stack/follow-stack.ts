import {
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  type CloudFormationClient,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { ListDeploymentsCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { DeploymentView } from '../sdk/deployments.js';
import { stackEvents } from '../sdk/stacks.js';

/**
 * Follows a stack operation the stack engine runs to its end: prints each stack event as it
 * comes, and hands the CodeDeploy deployments the operation starts (its aliases'
 * `CodeDeployLambdaAliasUpdate`) to the deployment progress view, batch by batch.
 */

export interface Watched {
  functionName: string;
  alias: string;
  deploymentId: string;
}

export interface Followed {
  watched: Watched;
  status: string;
  reason?: string;
}

export interface FollowDeps {
  cfn: CloudFormationClient;
  codeDeploy: CodeDeployClient;
  /** gradual's view of a deployment: its group, who made it, and the alias it moves. */
  view: (deploymentId: string) => Promise<DeploymentView>;
  /** The progress view, to the end of every deployment given (and the rollbacks they cause). */
  watch: (watched: Watched[]) => Promise<{ status: string; reason?: string }[]>;
  say: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  pollMs?: number;
}

export interface StackEnd {
  status: string;
  reason?: string;
  /** The operation's resource failures, oldest first: why it rolled back. */
  failures: { logicalId: string; status: string; reason: string }[];
  followed: Followed[];
}

const done = (status: string): boolean => !status.endsWith('_IN_PROGRESS');

export function eventLine(e: StackEvent): string {
  const reason = e.ResourceStatusReason ? `: ${e.ResourceStatusReason}` : '';
  return `${e.LogicalResourceId} ${e.ResourceStatus}${reason}`;
}

/**
 * Event ids the stack has now: what `followStack` does not print again. The first page holds the
 * newest, which is all `followStack` needs: it reads back only as far as the first seen event.
 */
export async function eventIds(cfn: CloudFormationClient, stackName: string): Promise<Set<string>> {
  const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
  return new Set((out.StackEvents ?? []).map((e) => e.EventId!));
}

/**
 * Events not seen yet: every page back to the newest seen one (more than a page may have come
 * since the last look). What is seen is always the newest events up to some point, so the rest
 * are older still and seen too.
 */
async function newEvents(
  cfn: CloudFormationClient,
  stackName: string,
  seen: Set<string>,
): Promise<StackEvent[]> {
  const fresh = await stackEvents(cfn, stackName, (e) => seen.has(e.EventId!));
  for (const e of fresh) seen.add(e.EventId!);
  // Listed newest first; printed in the order they happened.
  return fresh.reverse();
}

/** The stack's deployment groups, as `application/group`. */
async function groupsOf(cfn: CloudFormationClient, stackName: string): Promise<Set<string>> {
  const out = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  const resources = out.StackResources ?? [];
  const apps = resources
    .filter((r) => r.ResourceType === 'AWS::CodeDeploy::Application' && r.PhysicalResourceId)
    .map((r) => r.PhysicalResourceId!);
  const groups = resources
    .filter((r) => r.ResourceType === 'AWS::CodeDeploy::DeploymentGroup' && r.PhysicalResourceId)
    .map((r) => r.PhysicalResourceId!);
  return new Set(apps.flatMap((a) => groups.map((g) => `${a}/${g}`)));
}

/**
 * Follows `stackName` until its operation ends. `since` is the platform time (seconds) the
 * operation's change set was made: deployments created from then on are the operation's.
 */
export async function followStack(
  deps: FollowDeps,
  stackName: string,
  from: { seen: Set<string>; since: number },
): Promise<StackEnd> {
  const { cfn, say } = deps;
  const known = new Set<string>();
  const failures: StackEnd['failures'] = [];
  const followed: Followed[] = [];
  for (;;) {
    // The status before the events: a stack seen settled has written its last events already.
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    const status = stack?.StackStatus ?? 'UNKNOWN';
    for (const e of await newEvents(cfn, stackName, from.seen)) {
      say(eventLine(e));
      if (e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason)
        failures.push({
          logicalId: e.LogicalResourceId!,
          status: e.ResourceStatus,
          reason: e.ResourceStatusReason,
        });
    }
    const batch = await startedDeployments(deps, stackName, from.since, known);
    if (batch.length > 0) {
      // Deployments that began and ended between two looks are shown too, as they ended.
      say(`Following ${batch.length} deployment(s):`);
      const results = await deps.watch(batch);
      batch.forEach((watched, i) => {
        const r = results[i]!;
        followed.push({ watched, status: r.status, ...(r.reason ? { reason: r.reason } : {}) });
      });
      continue;
    }
    if (done(status)) {
      return {
        status,
        ...(stack?.StackStatusReason ? { reason: stack.StackStatusReason } : {}),
        failures,
        followed,
      };
    }
    await deps.sleep(deps.pollMs ?? 300);
  }
}

/** Deployments of the stack's groups created since `since`, not seen before, not CodeDeploy's rollbacks. */
async function startedDeployments(
  deps: FollowDeps,
  stackName: string,
  since: number,
  known: Set<string>,
): Promise<Watched[]> {
  const ids =
    (
      await deps.codeDeploy.send(
        new ListDeploymentsCommand({ createTimeRange: { start: new Date(since * 1000) } }),
      )
    ).deployments ?? [];
  const fresh = ids.filter((id) => !known.has(id));
  if (fresh.length === 0) return [];
  const groups = await groupsOf(deps.cfn, stackName);
  const watched: Watched[] = [];
  for (const id of fresh.reverse()) {
    const view = await deps.view(id);
    const target = view.gradual.target;
    known.add(id);
    // A deployment group is made before the alias update that deploys through it.
    if (!groups.has(`${view.applicationName}/${view.deploymentGroupName}`)) continue;
    if (view.creator !== 'user' || !target) continue;
    watched.push({ functionName: target.functionName, alias: target.alias, deploymentId: id });
  }
  return watched;
}
