import { StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { GetAliasCommand, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { sdkClients, type Connection, type ConnectionOptions } from '../sdk/connection.js';
import {
  activeDeployments,
  deploymentIds,
  deploymentInfos,
  deploymentView,
  waitForEnd,
} from '../sdk/deployments.js';
import { clientAction, UsageError } from './client-errors.js';

/**
 * The version the alias had before the latest deployment of it, when that deployment is what put
 * it on `version`; once the alias has moved since (rolled back already), there is nothing to undo.
 */
async function previousVersion(
  connection: Connection,
  clients: ReturnType<typeof sdkClients>,
  fn: string,
  alias: string,
  version: string,
): Promise<{ version: string; deploymentId: string } | undefined> {
  const infos = await deploymentInfos(connection, await deploymentIds(connection, ['Succeeded']));
  const newestFirst = infos.sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0));
  for (const info of newestFirst) {
    const view = await deploymentView(connection, info.deploymentId!);
    const t = view.gradual.target;
    if (t?.functionName !== fn || t.alias !== alias) continue;
    return t.targetVersion === version && t.currentVersion !== version
      ? { version: t.currentVersion, deploymentId: view.deploymentId }
      : undefined;
  }
  return undefined;
}

/** What the command does (registered in rollback.ts). */
export const rollbackAction = clientAction(
  async (connection, opts: ConnectionOptions & { alias: string }, fn: string) => {
    const clients = sdkClients(connection);
    const say = (line: string): boolean => process.stdout.write(line + '\n');
    try {
      const alias = await clients.lambda.send(new GetAliasCommand({ FunctionName: fn, Name: opts.alias }));
      const running = (await activeDeployments(connection, fn)).filter(
        (v) => v.gradual.target?.alias === opts.alias,
      );
      for (const view of running) {
        await clients.codeDeploy.send(
          new StopDeploymentCommand({ deploymentId: view.deploymentId, autoRollbackEnabled: true }),
        );
        const { rollback } = await waitForEnd(connection, view.deploymentId);
        say(
          `Stopped deployment ${view.deploymentId}${rollback ? ` and rolled it back (rollback deployment ${rollback.deploymentId}: ${rollback.status})` : ''}.`,
        );
      }
      const now = await clients.lambda.send(new GetAliasCommand({ FunctionName: fn, Name: opts.alias }));
      const weights = now.RoutingConfig?.AdditionalVersionWeights ?? {};
      const extra = Object.entries(weights);
      if (extra.length > 0) {
        await clients.lambda.send(
          new UpdateAliasCommand({
            FunctionName: fn,
            Name: opts.alias,
            FunctionVersion: now.FunctionVersion,
            RoutingConfig: { AdditionalVersionWeights: {} },
          }),
        );
        say(
          `${fn}:${opts.alias}: all traffic on version ${now.FunctionVersion} (removed ${extra.map(([v, w]) => `${Math.round(w * 10000) / 100}% on version ${v}`).join(', ')}).`,
        );
        return;
      }
      if (running.length > 0) {
        say(`${fn}:${opts.alias}: all traffic on version ${now.FunctionVersion}.`);
        return;
      }
      const previous = await previousVersion(connection, clients, fn, opts.alias, alias.FunctionVersion!);
      if (!previous) {
        throw new UsageError(
          `${fn}:${opts.alias} has all traffic on version ${alias.FunctionVersion} and its latest deployment did not put it there (rolled back already?). Choose a version: aws lambda update-alias --function-name ${fn} --name ${opts.alias} --function-version <N>`,
        );
      }
      await clients.lambda.send(
        new UpdateAliasCommand({
          FunctionName: fn,
          Name: opts.alias,
          FunctionVersion: previous.version,
          RoutingConfig: { AdditionalVersionWeights: {} },
        }),
      );
      say(
        `${fn}:${opts.alias}: all traffic back on version ${previous.version} (was ${alias.FunctionVersion}, deployed by ${previous.deploymentId}).`,
      );
    } finally {
      clients.destroy();
    }
  },
);
