import type {
  BatchGetDeploymentsOutput,
  DeploymentInfo,
  DeploymentStatus,
  ListDeploymentsOutput,
} from '@aws-sdk/client-codedeploy';
import { signedJson } from './aws-json.js';
import { codeDeploy } from './codedeploy-api.js';
import type { Connection } from './connection.js';
import { isTerminalStatus } from '../../contracts/deployment-view.js';
import {
  deploymentPath,
  type DeploymentResponse,
  type TimedDeploymentView,
} from '../../contracts/gradual-api.js';

/** Deployments as the CLI lists them: CodeDeploy's ids and infos, gradual's view for the target. */

/** gradual's deployment view, with the server's time when it was read. */
export type DeploymentView = TimedDeploymentView;
export type { DecisionEntry } from '../../contracts/deployment-view.js';

/** What the CLI reads of a deployment's info, its times as Dates (the wire has epoch seconds). */
export type DeploymentSummary = Pick<
  DeploymentInfo,
  | 'deploymentId'
  | 'status'
  | 'creator'
  | 'deploymentConfigName'
  | 'rollbackInfo'
  | 'createTime'
  | 'completeTime'
>;

type WireSummary = Omit<DeploymentSummary, 'createTime' | 'completeTime'> & {
  createTime?: number;
  completeTime?: number;
};

const date = (seconds: number | undefined): Date | undefined =>
  seconds === undefined ? undefined : new Date(Math.round(seconds * 1000));

export async function deploymentIds(
  connection: Connection,
  statuses: DeploymentStatus[] = [],
): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await codeDeploy<ListDeploymentsOutput>(connection, 'ListDeployments', {
      ...(statuses.length ? { includeOnlyStatuses: statuses } : {}),
      nextToken,
    });
    ids.push(...(page.deployments ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

/** Deployment infos, newest first. */
export async function deploymentInfos(connection: Connection, ids: string[]): Promise<DeploymentSummary[]> {
  const infos: DeploymentSummary[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const out = await codeDeploy<
      { deploymentsInfo?: WireSummary[] } & Omit<BatchGetDeploymentsOutput, 'deploymentsInfo'>
    >(connection, 'BatchGetDeployments', { deploymentIds: ids.slice(i, i + 100) });
    for (const info of out.deploymentsInfo ?? [])
      infos.push({ ...info, createTime: date(info.createTime), completeTime: date(info.completeTime) });
  }
  return infos.sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0));
}

export async function deploymentView(connection: Connection, id: string): Promise<DeploymentView> {
  const { deployment } = (await signedJson(connection, {
    service: 'gradual',
    method: 'GET',
    path: deploymentPath(id),
  })) as DeploymentResponse;
  return deployment;
}

/** The deployments not yet ended, with their views (optionally only those of one function). */
export async function activeDeployments(
  connection: Connection,
  functionName?: string,
): Promise<DeploymentView[]> {
  const ids = await deploymentIds(connection, ['Created', 'InProgress']);
  const views = await Promise.all(ids.map((id) => deploymentView(connection, id)));
  return views.filter((v) => functionName === undefined || v.gradual.target?.functionName === functionName);
}

/**
 * Waits for a deployment to end, then for the rollback it spawned, if any: both take
 * milliseconds once a stop was requested. Returns the deployment and its rollback as they ended.
 */
export async function waitForEnd(
  connection: Connection,
  id: string,
  timeoutMs = 30_000,
): Promise<{ deployment: DeploymentView; rollback: DeploymentView | undefined }> {
  const started = performance.now();
  const until = async (which: string): Promise<DeploymentView> => {
    for (;;) {
      const view = await deploymentView(connection, which);
      if (isTerminalStatus(view.status)) return view;
      if (performance.now() - started > timeoutMs)
        throw new Error(
          `deployment ${which} is still ${view.status}: follow it with gradual deployments ${which} --watch`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const deployment = await until(id);
  const rollbackId = deployment.rollbackInfo?.rollbackDeploymentId;
  return { deployment, rollback: rollbackId ? await until(rollbackId) : undefined };
}
