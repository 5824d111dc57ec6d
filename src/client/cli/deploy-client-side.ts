import { GetDeploymentCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { relative } from 'node:path';
import { TemplateError } from '../../common/template/errors.js';
import { parseOverrides } from '../../common/template/parameters.js';
import { sdkClients, type Connection } from '../sdk/connection.js';
import { deployStack, type StackOutcome, type StartedDeployment } from '../stack/deployer.js';
import { findRemovals, nothingRemoved, pruneStack } from '../stack/prune.js';
import type { StackPlan } from '../template/model.js';
import { planTemplateFile } from '../template/template.js';
import { explain } from './client-errors.js';
import { watchDeployments } from './progress/index.js';
import { wrap } from './progress/render.js';
import { defaultStackName, findTemplate, type DeployCommandOptions } from './deploy-template.js';

/**
 * The client-side deployer `gradual deploy` was before it went through gradual's CloudFormation:
 * kept only for stacks it made (legacy-stack.ts), which are not CloudFormation stacks.
 */

/** How a deployment ended, after any rollback it caused. */
export interface FollowedDeployment {
  deployment: StartedDeployment;
  status: string;
  /** Why it failed or stopped. */
  reason?: string;
  rollbackDeploymentId?: string;
}

/** What a deploy run ended with: the plan, what changed, and how each deployment ended. */
export interface DeployRun {
  plan: StackPlan;
  outcome: StackOutcome;
  followed: FollowedDeployment[];
  /** What was deleted because the template no longer has it. */
  removed: string[];
}

/** Plans, deploys and (unless `wait` is false) follows a stack. Throws TemplateError on a bad template. */
export async function runDeploy(
  connection: Connection,
  options: DeployCommandOptions,
  say: (line: string) => void,
): Promise<DeployRun> {
  const file = findTemplate(options.template);
  const stackName = options.stackName ?? defaultStackName(file);
  const plan = planTemplateFile(file, {
    stackName,
    region: connection.region,
    accountId: options.accountId,
    parameterOverrides: parseOverrides(options.parameterOverrides),
  });
  say(`Deploying stack ${stackName} to ${connection.endpoint}`);
  const near = relative(process.cwd(), file);
  say(`  template: ${near && !near.startsWith('..') ? near : file}`);
  for (const warning of plan.warnings) say(`  warning: ${warning}`);
  const clients = sdkClients(connection);
  try {
    const outcome = await deployStack(plan, clients, { say: (line) => say(`  ${line}`) });
    let followed: FollowedDeployment[] = [];
    if (outcome.deployments.length > 0 && options.wait) {
      say(`Following ${outcome.deployments.length} deployment(s):`);
      followed = await watchWithView(connection, clients.codeDeploy, outcome.deployments);
    }
    const removed = await cleanUp(plan, clients, outcome, followed, (line) => say(`  ${line}`));
    return { plan, outcome, followed, removed };
  } finally {
    clients.destroy();
  }
}

/**
 * CloudFormation's cleanup phase: what the template dropped is deleted only after the update
 * succeeded, so a failed or rolled-back deployment still has everything it may fall back on.
 */
async function cleanUp(
  plan: StackPlan,
  clients: ReturnType<typeof sdkClients>,
  outcome: StackOutcome,
  followed: FollowedDeployment[],
  say: (line: string) => void,
): Promise<string[]> {
  const removals = await findRemovals(plan, clients);
  if (nothingRemoved(removals)) return [];
  const failed = followed.filter((f) => f.status !== 'Succeeded').length;
  if (failed > 0) {
    say(
      `removed from the template but not deleted: ${failed} deployment(s) did not succeed; deploy again once they do`,
    );
    return [];
  }
  if (followed.length < outcome.deployments.length) {
    say(
      'removed from the template but not deleted yet: deployments were started and not followed (--no-wait); deploy again once they end',
    );
    return [];
  }
  return pruneStack(plan, clients, removals, say);
}

/** The progress view (redrawn on a TTY, a line per event otherwise; Ctrl-C offers a rollback). */
async function watchWithView(
  connection: Connection,
  codeDeploy: CodeDeployClient,
  deployments: StartedDeployment[],
): Promise<FollowedDeployment[]> {
  const results = await watchDeployments(
    connection,
    deployments.map((d) => ({ functionName: d.functionName, alias: d.alias, deploymentId: d.deploymentId })),
    { out: process.stdout },
  );
  return Promise.all(
    deployments.map(async (deployment, i): Promise<FollowedDeployment> => {
      const result = results[i]!;
      const followed: FollowedDeployment = { deployment, status: result.status };
      if (result.reason) followed.reason = result.reason;
      if (result.status !== 'Succeeded') {
        const info = await codeDeploy.send(
          new GetDeploymentCommand({ deploymentId: deployment.deploymentId }),
        );
        const rollback = info.deploymentInfo?.rollbackInfo?.rollbackDeploymentId;
        if (rollback) followed.rollbackDeploymentId = rollback;
      }
      return followed;
    }),
  );
}

/** The closing lines and exit code of a run: 0 only when every deployment succeeded. */
export function summarize(
  run: DeployRun,
  wait: boolean,
  show: { outputs: boolean } = { outputs: true },
): { lines: string[]; code: number } {
  const lines: string[] = [];
  const failed = run.followed.filter((f) => f.status !== 'Succeeded');
  for (const f of failed) {
    const d = f.deployment;
    const rolledBack = f.rollbackDeploymentId ? `, rolled back to version ${d.fromVersion}` : '';
    lines.push(`${d.functionName}: deployment ${d.deploymentId} ${f.status}${rolledBack}:`);
    // Wrapped at word boundaries: a terminal's own wrap cuts words at 80 columns.
    for (const line of wrap(f.reason ?? 'no reason given', 76, 6)) lines.push(`  ${line}`);
  }
  if (show.outputs && run.outcome.outputs.length > 0) {
    lines.push('Outputs:');
    for (const o of run.outcome.outputs) lines.push(`  ${o.name} = ${o.value}`);
  }
  const changed =
    run.outcome.functions.some((f) => f.action !== 'unchanged' || f.published) ||
    run.outcome.alarms.some((a) => a.action !== 'unchanged') ||
    run.removed.length > 0;
  if (failed.length > 0) {
    lines.push(`Stack ${run.plan.stackName}: ${failed.length} deployment(s) did not succeed.`);
    return { lines, code: 1 };
  }
  if (!wait && run.outcome.deployments.length > 0)
    lines.push(
      `Stack ${run.plan.stackName}: ${run.outcome.deployments.length} deployment(s) started (not waiting).`,
    );
  else lines.push(`Stack ${run.plan.stackName}: ${changed ? 'deployed' : 'no changes'}.`);
  return { lines, code: 0 };
}

/** The client-side deployer: function by function through the services' APIs. */
export async function deployClientSide(
  connection: Connection,
  opts: DeployCommandOptions,
  say: (line: string) => void,
): Promise<void> {
  try {
    const run = await runDeploy(connection, opts, say);
    const { lines, code } = summarize(run, opts.wait);
    lines.forEach(say);
    process.exitCode = code;
  } catch (e) {
    process.stderr.write(`gradual deploy: ${explain(e, connection)}\n`);
    process.exitCode = e instanceof TemplateError ? 2 : 1;
  }
}
