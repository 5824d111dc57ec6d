import { StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { sdkClients, type ConnectionOptions } from '../sdk/connection.js';
import { waitForEnd } from '../sdk/deployments.js';
import { clientAction } from './client-errors.js';

/** What the command does (registered in stop.ts). */
export const stopAction = clientAction(
  async (connection, opts: ConnectionOptions & { rollback?: boolean }, id: string) => {
    const clients = sdkClients(connection);
    try {
      await clients.codeDeploy.send(
        new StopDeploymentCommand({
          deploymentId: id,
          ...(opts.rollback !== undefined ? { autoRollbackEnabled: opts.rollback } : {}),
        }),
      );
    } finally {
      clients.destroy();
    }
    const { deployment, rollback } = await waitForEnd(connection, id);
    const t = deployment.gradual.target;
    const where = t ? `${t.functionName}:${t.alias}` : 'the alias';
    const lines = [`Deployment ${id}: ${deployment.status}.`];
    if (rollback && t)
      lines.push(
        rollback.status === 'Succeeded'
          ? `Rolled back ${where} to version ${t.currentVersion} (rollback deployment ${rollback.deploymentId}).`
          : `The rollback ${rollback.deploymentId} ended ${rollback.status}: ${rollback.errorInformation?.message ?? ''}`,
      );
    else if (t)
      lines.push(
        `${where} left as it was: ${deployment.gradual.targetWeight}% on version ${t.targetVersion}. Roll back with: gradual rollback ${t.functionName} --alias ${t.alias}`,
      );
    process.stdout.write(lines.join('\n') + '\n');
    if (rollback && rollback.status !== 'Succeeded') process.exitCode = 1;
  },
);
