import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import {
  sdkClients,
  withConnectionOptions,
  type Connection,
  type ConnectionOptions,
} from '../sdk/connection.js';
import { deploymentIds, deploymentInfos, deploymentView } from '../sdk/deployments.js';
import { clientAction } from './client-errors.js';
import type { DeploymentView } from './progress/model.js';
import { watchDeployments } from './progress/index.js';
import { formatDuration } from './progress/render.js';
import { table } from './table.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

const time = (d: Date | number | undefined): string =>
  d === undefined
    ? '-'
    : new Date(d)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');

/**
 * How a deployment shifts: its config's name, or, when an explicit schedule (`gradual shift`,
 * `gradualOptions`) replaced the config's routing, that schedule in short.
 */
export function shiftMethod(v: DeploymentView, configName: string | undefined): string {
  const created = v.gradual.decisionLog[0];
  const explicit = created?.event === 'created' && created.explicit === true;
  if (!explicit) return (configName ?? '').replace(/^CodeDeployDefault\./, '');
  const steps = v.gradual.schedule.length;
  return `explicit schedule, ${steps} step${steps === 1 ? '' : 's'}`;
}

/** A deployment in full: what, how far, and the decision log that explains each step. */
export function describeDeployment(v: DeploymentView): string[] {
  const g = v.gradual;
  const t = g.target;
  const lines = [
    `${v.deploymentId}  ${v.status}${v.creator === 'codeDeployRollback' ? '  (rollback)' : ''}`,
    `  application: ${v.applicationName} / ${v.deploymentGroupName}   config: ${shiftMethod(v, v.deploymentConfigName)}`,
  ];
  if (t)
    lines.push(
      `  ${t.functionName}:${t.alias}  v${t.currentVersion} -> v${t.targetVersion}, ${g.targetWeight}% on v${t.targetVersion}`,
    );
  lines.push(
    `  schedule: ${g.schedule.map((s) => `${s.weight}%${s.holdSeconds ? ` ${formatDuration(s.holdSeconds * 1000)}` : ''}`).join(' -> ')}`,
  );
  if (g.alarms.enabled && g.alarms.alarms.length) lines.push(`  alarms: ${g.alarms.alarms.join(', ')}`);
  for (const h of g.hooks)
    lines.push(`  hook ${h.event} (${h.functionName}): ${h.status}${h.failure ? ` — ${h.failure}` : ''}`);
  if (v.errorInformation?.message)
    lines.push(`  error: ${v.errorInformation.code} ${v.errorInformation.message}`.trimEnd());
  if (v.rollbackInfo?.rollbackMessage) lines.push(`  ${v.rollbackInfo.rollbackMessage}`);
  lines.push('', 'Decision log:');
  for (const e of g.decisionLog) lines.push(`  ${time(e.at)}  ${e.event.padEnd(14)} ${e.reason}`);
  return lines;
}

async function watch(connection: Connection, id: string): Promise<void> {
  const view = await deploymentView(connection, id);
  const t = view.gradual.target;
  const [result] = await watchDeployments(
    connection,
    [{ functionName: t?.functionName ?? '?', alias: t?.alias ?? '?', deploymentId: id }],
    { out: process.stdout },
  );
  if (result && result.status !== 'Succeeded') {
    process.stderr.write(
      `gradual: deployment ${id} ${result.status.toLowerCase()}: ${result.reason ?? ''}\n`,
    );
    process.exitCode = 1;
  }
}

/** `gradual deployments [id]`: recent deployments, or one with its decision log; --watch follows it. */
export function registerDeployments(program: Command): void {
  withConnectionOptions(
    program
      .command('deployments [id]')
      .description('List recent deployments, or show one with its decision log (--watch follows it live)'),
  )
    .option('--watch', 'follow the deployment live until it ends (exit 1 if it does not succeed)')
    .option('--limit <n>', 'how many recent deployments to list', positiveInt, 20)
    .action(
      clientAction(
        async (connection, opts: ConnectionOptions & { watch?: boolean; limit: number }, id?: string) => {
          if (id && opts.watch) return watch(connection, id);
          if (id) {
            const view = await deploymentView(connection, id);
            process.stdout.write(describeDeployment(view).join('\n') + '\n');
            return;
          }
          if (opts.watch)
            throw new InvalidArgumentError('--watch needs a deployment id: gradual deployments <id> --watch');
          const clients = sdkClients(connection);
          try {
            const infos = (
              await deploymentInfos(clients.codeDeploy, await deploymentIds(clients.codeDeploy))
            ).slice(0, opts.limit);
            if (infos.length === 0) {
              process.stdout.write('No deployments yet.\n');
              return;
            }
            const views = await Promise.all(infos.map((i) => deploymentView(connection, i.deploymentId!)));
            const rows = [['DEPLOYMENT', 'STATUS', 'CREATED', 'TARGET', 'VERSIONS', 'HOW']];
            infos.forEach((info, i) => {
              const t = views[i]?.gradual.target;
              rows.push([
                info.deploymentId!,
                info.status ?? '',
                time(info.createTime),
                t ? `${t.functionName}:${t.alias}` : '-',
                t ? `v${t.currentVersion} -> v${t.targetVersion}` : '-',
                info.creator === 'codeDeployRollback'
                  ? `rollback of ${info.rollbackInfo?.rollbackTriggeringDeploymentId ?? '?'}`
                  : views[i]
                    ? shiftMethod(views[i], info.deploymentConfigName)
                    : (info.deploymentConfigName ?? ''),
              ]);
            });
            process.stdout.write(table(rows).join('\n') + '\n');
          } finally {
            clients.destroy();
          }
        },
      ),
    );
}
