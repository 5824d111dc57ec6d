import { GetDeploymentCommand, type CodeDeployClient, type DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { signedJson, type Connection } from '../client/connection.js';
import type { StartedDeployment } from './deployer.js';

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

export interface FollowedDeployment {
  deployment: StartedDeployment;
  status: string;
  /** Why it failed or stopped. */
  reason?: string;
  rollbackDeploymentId?: string;
}

export interface FollowOptions {
  say: (line: string) => void;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface DecisionEntry {
  event: string;
  reason: string;
}

async function decisionLog(connection: Connection, id: string): Promise<DecisionEntry[]> {
  const body = (await signedJson(connection, {
    service: 'gradual',
    method: 'GET',
    path: `/_gradual/v1/deployments/${encodeURIComponent(id)}`,
  })) as { deployment?: { gradual?: { decisionLog?: DecisionEntry[] } } };
  return body.deployment?.gradual?.decisionLog ?? [];
}

/**
 * Follows deployments to their end, one line per status change and per decision the engine logs
 * (polling GetDeployment and gradual's decision log); then waits for any automatic rollback.
 */
export async function followDeployments(
  connection: Connection,
  codeDeploy: CodeDeployClient,
  deployments: readonly StartedDeployment[],
  options: FollowOptions,
): Promise<FollowedDeployment[]> {
  const { say } = options;
  const pollMs = options.pollMs ?? 200;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const follow = async (d: StartedDeployment, id: string, label: string): Promise<DeploymentInfo> => {
    let status: string | undefined;
    let seen = 0;
    for (;;) {
      const info = (await codeDeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;
      const log = await decisionLog(connection, id);
      for (const entry of log.slice(seen)) say(`${label}: ${entry.reason}`);
      seen = log.length;
      if (info.status !== status) {
        status = info.status;
        say(`${label}: ${id} ${status ?? 'unknown'}`);
      }
      if (TERMINAL.has(info.status ?? '')) return info;
      await sleep(pollMs);
    }
  };
  return Promise.all(
    deployments.map(async (d): Promise<FollowedDeployment> => {
      const label = `${d.functionName} ${d.fromVersion}->${d.toVersion}`;
      const info = await follow(d, d.deploymentId, label);
      const result: FollowedDeployment = { deployment: d, status: info.status! };
      if (info.errorInformation?.message) result.reason = info.errorInformation.message;
      const rollback = info.rollbackInfo?.rollbackDeploymentId;
      if (rollback && info.status !== 'Succeeded') {
        result.rollbackDeploymentId = rollback;
        await follow(d, rollback, `${d.functionName} rollback`);
      }
      return result;
    }),
  );
}
