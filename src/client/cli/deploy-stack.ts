import {
  CloudFormationClient,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { relative } from 'node:path';
import { realClock, type Clock } from '../../common/clock.js';
import { parseOverrides } from '../../common/template/parameters.js';
import { clientConfig, sdkClients, type Connection } from '../sdk/connection.js';
import { artifactBucket, packageTemplate } from '../stack/artifacts.js';
import { isBusy, makeChangeSet, stackStatus } from '../stack/change-set.js';
import { nameResources } from '../stack/stack-names.js';
import { eventIds, followStack, type StackEnd } from '../stack/follow-stack.js';
import { stackFollower } from './stack-follower.js';
import { wrap } from './progress/render.js';

/**
 * `gradual deploy --cloudformation`: the template goes to gradual's CloudFormation as a change
 * set (its local code uploaded to gradual's S3 first, as `aws cloudformation package` does), so
 * the whole template is checked before anything is created, and a failure anywhere rolls every
 * resource of the stack back. Unnamed functions and alarms get the names `gradual deploy` has
 * always given them (stack-names.ts). Progress: the stack's events, and the deployment progress view for
 * the CodeDeploy deployments the update starts.
 */

export interface StackDeployOptions {
  templateFile: string;
  stackName: string;
  parameterOverrides: string[];
  wait: boolean;
  accountId: string;
}

export type StackDeployRun =
  | { kind: 'no-changes'; stackName: string; outputs: Output[] }
  | { kind: 'change-set-failed'; stackName: string; reason: string }
  | { kind: 'busy'; stackName: string; status: string }
  | { kind: 'started'; stackName: string }
  | { kind: 'ended'; stackName: string; end: StackEnd; outputs: Output[] };

type Output = { key: string; value: string };

async function outputsOf(cfn: CloudFormationClient, stackName: string): Promise<Output[]> {
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  return (stack?.Outputs ?? []).map((o) => ({ key: o.OutputKey!, value: o.OutputValue ?? '' }));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runStackDeploy(
  connection: Connection,
  options: StackDeployOptions,
  say: (line: string) => void,
  clock: Clock = realClock(),
): Promise<StackDeployRun> {
  const { stackName, templateFile } = options;
  const config = clientConfig(connection);
  const cfn = new CloudFormationClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const clients = sdkClients(connection);
  const indent = (line: string): void => say(`  ${line}`);
  try {
    say(`Deploying stack ${stackName} to ${connection.endpoint} through CloudFormation`);
    const near = relative(process.cwd(), templateFile);
    indent(`template: ${near && !near.startsWith('..') ? near : templateFile}`);
    // Refused before any upload: nothing is sent while an earlier update runs.
    const before = await stackStatus(cfn, stackName);
    if (isBusy(before)) return { kind: 'busy', stackName, status: before };
    const packaged = await packageTemplate(templateFile, s3, artifactBucket(options.accountId), (t) =>
      nameResources(t, stackName),
    );
    for (const u of packaged.uploads)
      indent(`code: ${u.path} -> ${u.uri} (${u.bytes} bytes${u.reused ? ', already uploaded' : ''})`);
    const changeSet = await makeChangeSet(cfn, {
      stackName,
      body: packaged.body,
      parameters: parseOverrides(options.parameterOverrides),
      clock,
      sleep,
      say: indent,
    });
    if (changeSet.kind === 'no-changes')
      return { kind: 'no-changes', stackName, outputs: await outputsOf(cfn, stackName) };
    if (changeSet.kind === 'busy') return { kind: 'busy', stackName, status: changeSet.status };
    if (changeSet.kind === 'failed')
      return { kind: 'change-set-failed', stackName, reason: changeSet.reason };
    indent(`change set: ${changeSet.type}, ${changeSet.changes.length} change(s)`);
    for (const c of changeSet.changes) {
      const r = c.ResourceChange;
      if (r) indent(`  ${r.Action} ${r.LogicalResourceId} (${r.ResourceType})`);
    }
    const seen = await eventIds(cfn, stackName);
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.id }));
    if (!options.wait) return { kind: 'started', stackName };
    const end = await followStack(
      stackFollower(connection, { cfn, codeDeploy: clients.codeDeploy }, say),
      stackName,
      { seen, since: changeSet.created.getTime() / 1000 },
    );
    return { kind: 'ended', stackName, end, outputs: await outputsOf(cfn, stackName) };
  } finally {
    cfn.destroy();
    s3.destroy();
    clients.destroy();
  }
}

/** The AWS CLI waiter for the end of an operation in `status`. */
function waiterFor(status: string): string {
  if (status.startsWith('CREATE_') || status.startsWith('ROLLBACK_')) return 'stack-create-complete';
  if (status.startsWith('DELETE_')) return 'stack-delete-complete';
  return 'stack-update-complete';
}

/** What `summarizeStack` prints beyond the result: the demo's server is gone when it ends. */
export interface SummaryShow {
  outputs: boolean;
  /** The commands that say more (a stack still updating, a deployment that did not succeed). */
  hints: boolean;
}

function outputLines(outputs: Output[], show: SummaryShow): string[] {
  if (!show.outputs || outputs.length === 0) return [];
  return ['Outputs:', ...outputs.map((o) => `  ${o.key} = ${o.value}`)];
}

const SUCCEEDED = ['CREATE_COMPLETE', 'UPDATE_COMPLETE'];

/** The closing lines and exit code: 0 when the stack ended created or updated, 2 for a refused template. */
export function summarizeStack(
  run: StackDeployRun,
  show: SummaryShow = { outputs: true, hints: true },
): { lines: string[]; errors: string[]; code: number } {
  switch (run.kind) {
    case 'no-changes':
      return {
        lines: [...outputLines(run.outputs, show), `Stack ${run.stackName}: no changes.`],
        errors: [],
        code: 0,
      };
    case 'started':
      return {
        lines: [
          `Stack ${run.stackName}: change set executed (not waiting).`,
          ...(show.hints ? [`  Follow it: gradual stacks ${run.stackName} --watch`] : []),
        ],
        errors: [],
        code: 0,
      };
    case 'change-set-failed':
      return {
        lines: [],
        errors: [`the change set failed, nothing was changed: ${run.reason}`],
        code: 2,
      };
    case 'busy':
      // CloudFormation refuses an update while an operation runs ("... is in UPDATE_IN_PROGRESS
      // state and can not be updated"); say what the user can do about it.
      return {
        lines: [],
        errors: [
          `stack ${run.stackName} is ${run.status}: an earlier deploy (or its rollback) is still running, so nothing was changed. ` +
            `Wait for it to end (follow it: gradual stacks ${run.stackName} --watch; or aws cloudformation wait ${waiterFor(run.status)} --stack-name ${run.stackName}), then deploy again`,
        ],
        code: 1,
      };
    case 'ended': {
      const lines: string[] = [];
      const { end } = run;
      for (const f of end.followed.filter((f) => f.status !== 'Succeeded')) {
        lines.push(`${f.watched.functionName}: deployment ${f.watched.deploymentId} ${f.status}:`);
        for (const line of wrap(f.reason ?? 'no reason given', 76, 6)) lines.push(`  ${line}`);
        if (show.hints)
          lines.push(
            `  See why: gradual deployments ${f.watched.deploymentId} (its decision log), gradual logs ${f.watched.functionName}`,
          );
      }
      if (SUCCEEDED.includes(end.status)) {
        lines.push(...outputLines(run.outputs, show));
        lines.push(`Stack ${run.stackName}: ${end.status}.`);
        return { lines, errors: [], code: 0 };
      }
      const first = end.failures[0];
      if (first) {
        // An alias update fails because its deployment did, whose reason is printed above.
        const stopped = end.followed.find(
          (f) => f.status !== 'Succeeded' && first.reason.includes(f.watched.deploymentId),
        );
        if (stopped)
          lines.push(
            `${first.logicalId} ${first.status}: deployment ${stopped.watched.deploymentId} ${stopped.status}`,
          );
        else {
          lines.push(`${first.logicalId} ${first.status}:`);
          for (const line of wrap(first.reason, 76, 6)) lines.push(`  ${line}`);
        }
      }
      const back = end.status.endsWith('ROLLBACK_COMPLETE')
        ? ': every resource of the stack was rolled back'
        : end.reason
          ? `: ${end.reason}`
          : '';
      lines.push(`Stack ${run.stackName}: ${end.status}${back}.`);
      return { lines, errors: [], code: 1 };
    }
  }
}
