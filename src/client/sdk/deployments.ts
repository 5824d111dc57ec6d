import {
  BatchGetDeploymentsCommand,
  ListDeploymentsCommand,
  type CodeDeployClient,
  type DeploymentInfo,
  type DeploymentStatus,
} from '@aws-sdk/client-codedeploy';
import type { Judgement } from '../../contracts/judgement.js';
import { signedJson, type Connection } from './connection.js';

/** Deployments as the CLI lists them: CodeDeploy's ids and infos, gradual's view for the target. */

export interface DecisionEntryView {
  at: number;
  event: string;
  weight?: number;
  /** The judge's verdict and evidence, on entries where it decided or changed its mind. */
  judge?: Judgement;
  reason: string;
}

/** The parts of gradual's deployment view the progress view reads. */
export interface DeploymentView {
  deploymentId: string;
  status: string;
  errorInformation?: { code?: string; message?: string };
  rollbackInfo?: { rollbackDeploymentId?: string; rollbackMessage?: string };
  /** Platform time when the server sent this view, and how fast that time runs. */
  serverTime?: number;
  timeScale?: number;
  gradual: {
    target: { functionName: string; alias: string; currentVersion: string; targetVersion: string } | null;
    schedule: { weight: number; holdSeconds: number }[];
    currentStep: number | null;
    stepStartedAt?: number | null;
    phase: string;
    targetWeight: number;
    hooks: { event: string; functionName: string; status: string; failure?: string }[];
    alarms: { enabled: boolean; alarms: string[] };
    decisionLog: DecisionEntryView[];
    /** The judge's latest look, when the deployment has a judge. */
    judgement?: { at: number; result: Judgement } | null;
  };
}

export async function deploymentIds(
  codeDeploy: CodeDeployClient,
  statuses: DeploymentStatus[] = [],
): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await codeDeploy.send(
      new ListDeploymentsCommand({
        ...(statuses.length ? { includeOnlyStatuses: statuses } : {}),
        nextToken,
      }),
    );
    ids.push(...(page.deployments ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

/** Deployment infos, newest first. */
export async function deploymentInfos(
  codeDeploy: CodeDeployClient,
  ids: string[],
): Promise<DeploymentInfo[]> {
  const infos: DeploymentInfo[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const out = await codeDeploy.send(
      new BatchGetDeploymentsCommand({ deploymentIds: ids.slice(i, i + 100) }),
    );
    infos.push(...(out.deploymentsInfo ?? []));
  }
  return infos.sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0));
}

export async function deploymentView(connection: Connection, id: string): Promise<DeploymentView> {
  const { deployment } = (await signedJson(connection, {
    service: 'gradual',
    method: 'GET',
    path: `/_gradual/v1/deployments/${encodeURIComponent(id)}`,
  })) as { deployment: DeploymentView };
  return deployment;
}

/** The deployments not yet ended, with their views (optionally only those of one function). */
export async function activeDeployments(
  connection: Connection,
  codeDeploy: CodeDeployClient,
  functionName?: string,
): Promise<DeploymentView[]> {
  const ids = await deploymentIds(codeDeploy, ['Created', 'InProgress']);
  const views = await Promise.all(ids.map((id) => deploymentView(connection, id)));
  return views.filter((v) => functionName === undefined || v.gradual.target?.functionName === functionName);
}

const TERMINAL = ['Succeeded', 'Failed', 'Stopped'];

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
      if (TERMINAL.includes(view.status)) return view;
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
