import { InvalidArgumentError } from 'commander';
import type { Connection, ConnectionOptions } from '../sdk/connection.js';
import { deploymentIds, deploymentInfos, deploymentView } from '../sdk/deployments.js';
import { clientAction } from './client-errors.js';
import type { DeploymentView } from './progress/model.js';
import { watchDeployments } from './progress/index.js';
import { formatDuration, wrap } from './progress/render.js';
import { outputWidth, table } from './table.js';

const time = (d: Date | number | undefined): string =>
  d === undefined
    ? '-'
    : new Date(d)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');

/** `12-07 00:22`: when, in the room a table has (the year and seconds are in `deployments <id>`). */
const shortTime = (d: Date | number | undefined): string => (d === undefined ? '-' : time(d).slice(5, 16));

/**
 * How a deployment shifts: its config's name, or, when an explicit schedule (`gradual shift`,
 * `gradualOptions`) replaced the config's routing, that schedule in short.
 */
export function shiftMethod(v: DeploymentView, configName: string | undefined): string {
  const created = v.gradual.decisionLog[0];
  const explicit = created?.event === 'created' && created.explicit === true;
  if (!explicit) return shortConfig(configName ?? '');
  const steps = v.gradual.schedule.length;
  return `explicit, ${steps} step${steps === 1 ? '' : 's'}`;
}

/** Where the traffic is, said for how the deployment ended (a stopped one may have rolled back). */
export function trafficText(v: DeploymentView): string {
  const t = v.gradual.target;
  if (!t) return '';
  const at = `${v.gradual.targetWeight}% on v${t.targetVersion}`;
  switch (v.status) {
    case 'Succeeded':
      return `all traffic on v${t.targetVersion}`;
    case 'Stopped':
    case 'Failed': {
      const rollback = v.rollbackInfo?.rollbackDeploymentId;
      return rollback
        ? `${v.status.toLowerCase()} at ${at}; rolled back to v${t.currentVersion} by ${rollback}`
        : `${v.status.toLowerCase()} at ${at}, not rolled back (the alias keeps that split)`;
    }
    default:
      return at;
  }
}

/** A deployment in full, to `width` columns: what, how far, and the decision log behind each step. */
export function describeDeployment(v: DeploymentView, width = 80): string[] {
  const g = v.gradual;
  const t = g.target;
  const para = (text: string, indent: string, first = indent): string[] =>
    wrap(text, width - indent.length, Infinity).map((l, i) => `${i === 0 ? first : indent}${l}`);
  const lines = [
    `${v.deploymentId}  ${v.status}${v.creator === 'codeDeployRollback' ? '  (rollback)' : ''}`,
    ...para(
      `application: ${v.applicationName} / ${v.deploymentGroupName}   config: ${shiftMethod(v, v.deploymentConfigName)}`,
      '    ',
      '  ',
    ),
  ];
  if (t)
    lines.push(
      ...para(
        `${t.functionName}:${t.alias}  v${t.currentVersion} -> v${t.targetVersion}, ${trafficText(v)}`,
        '    ',
        '  ',
      ),
    );
  lines.push(
    ...para(
      `schedule: ${g.schedule.map((s) => `${s.weight}%${s.holdSeconds ? ` ${formatDuration(s.holdSeconds * 1000)}` : ''}`).join(' -> ')}`,
      '    ',
      '  ',
    ),
  );
  if (g.alarms.enabled && g.alarms.alarms.length)
    lines.push(...para(`alarms: ${g.alarms.alarms.join(', ')}`, '    ', '  '));
  for (const h of g.hooks)
    lines.push(
      ...para(
        `hook ${h.event} (${h.functionName}): ${h.status}${h.failure ? ` — ${h.failure}` : ''}`,
        '    ',
        '  ',
      ),
    );
  if (v.errorInformation?.message)
    lines.push(...para(`error: ${v.errorInformation.code} ${v.errorInformation.message}`, '    ', '  '));
  if (v.rollbackInfo?.rollbackMessage) lines.push(...para(v.rollbackInfo.rollbackMessage, '    ', '  '));
  lines.push('', 'Decision log:');
  for (const e of g.decisionLog) {
    const head = `  ${time(e.at)}  ${e.event.padEnd(14)} `;
    lines.push(...para(e.reason, ' '.repeat(head.length), head));
  }
  return lines;
}

/** A config as a column has room for: `LambdaLinear10PercentEvery1Minute` reads `linear 10%/1m`. */
export function shortConfig(name: string): string {
  const linear = /^(?:CodeDeployDefault\.)?LambdaLinear(\d+)PercentEvery(\d+)Minutes?$/.exec(name);
  const canary = /^(?:CodeDeployDefault\.)?LambdaCanary(\d+)Percent(\d+)Minutes?$/.exec(name);
  if (canary) return `canary ${canary[1]}%, ${canary[2]}m`;
  if (linear) return `linear ${linear[1]}%/${linear[2]}m`;
  if (/^(?:CodeDeployDefault\.)?LambdaAllAtOnce$/.test(name)) return 'all at once';
  return name.replace(/^CodeDeployDefault\./, '');
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

/** What the command does (registered in deployments.ts). */
export const deploymentsAction = clientAction(
  async (connection, opts: ConnectionOptions & { watch?: boolean; limit: number }, id?: string) => {
    if (id && opts.watch) return watch(connection, id);
    if (id) {
      const view = await deploymentView(connection, id);
      process.stdout.write(describeDeployment(view, outputWidth()).join('\n') + '\n');
      return;
    }
    if (opts.watch)
      throw new InvalidArgumentError('--watch needs a deployment id: gradual deployments <id> --watch');
    const infos = (await deploymentInfos(connection, await deploymentIds(connection))).slice(0, opts.limit);
    if (infos.length === 0) {
      process.stdout.write('No deployments yet.\n');
      return;
    }
    const views = await Promise.all(infos.map((i) => deploymentView(connection, i.deploymentId!)));
    const rows = [['DEPLOYMENT', 'STATUS', 'CREATED (UTC)', 'ALIAS', 'SHIFT', 'HOW']];
    infos.forEach((info, i) => {
      const t = views[i]?.gradual.target;
      rows.push([
        info.deploymentId!,
        info.status ?? '',
        shortTime(info.createTime),
        t ? `${t.functionName}:${t.alias}` : '-',
        t ? `${t.currentVersion} -> ${t.targetVersion}` : '-',
        info.creator === 'codeDeployRollback'
          ? `rollback of ${info.rollbackInfo?.rollbackTriggeringDeploymentId ?? '?'}`
          : views[i]
            ? shiftMethod(views[i], info.deploymentConfigName)
            : shortConfig(info.deploymentConfigName ?? ''),
      ]);
    });
    // Names give way first, then how: every row fits the terminal (80 columns in a pipe).
    const lines = table(rows, { width: outputWidth(), flexible: [3, 5] });
    process.stdout.write(lines.join('\n') + '\n');
  },
);
