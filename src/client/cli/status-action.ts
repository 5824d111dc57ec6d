import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Connection } from '../sdk/connection.js';
import { activeDeployments } from '../sdk/deployments.js';
import { getFunction, listAliases, listFunctions } from '../sdk/lambda-api.js';
import { clientAction } from './client-errors.js';
import { listNodes, nodeLines } from './status-nodes.js';
import { routingText, table } from './table.js';

async function functions(connection: Connection, name: string | undefined): Promise<FunctionConfiguration[]> {
  if (name) return [(await getFunction(connection, name)).Configuration!];
  const all: FunctionConfiguration[] = [];
  let Marker: string | undefined;
  do {
    const page = await listFunctions(connection, Marker);
    all.push(...(page.Functions ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  return all.sort((a, b) => (a.FunctionName ?? '').localeCompare(b.FunctionName ?? ''));
}

async function aliases(connection: Connection, name: string): Promise<AliasConfiguration[]> {
  const all: AliasConfiguration[] = [];
  let Marker: string | undefined;
  do {
    const page = await listAliases(connection, name, Marker);
    all.push(...(page.Aliases ?? []));
    Marker = page.NextMarker;
  } while (Marker);
  return all;
}

/** What `gradual status` does (registered in status.ts). */
export const statusAction = clientAction(async (connection, _opts, name?: string) => {
  const fns = await functions(connection, name);
  const rows: string[][] = [['FUNCTION', 'RUNTIME', 'ALIAS', 'TRAFFIC']];
  for (const fn of fns) {
    const fnAliases = await aliases(connection, fn.FunctionName!);
    const runtime = fn.Runtime ?? fn.PackageType ?? '';
    // No alias, no traffic split: a caller names the version (unqualified: $LATEST).
    if (fnAliases.length === 0) rows.push([fn.FunctionName!, runtime, '(none)', '-']);
    fnAliases.forEach((a, i) =>
      rows.push([
        i === 0 ? fn.FunctionName! : '',
        i === 0 ? runtime : '',
        a.Name!,
        routingText(a.FunctionVersion!, a.RoutingConfig?.AdditionalVersionWeights),
      ]),
    );
  }
  const out: string[] = fns.length ? table(rows) : ['No functions yet.'];
  const running = await activeDeployments(connection, name);
  out.push('');
  if (running.length === 0) out.push('No deployments in progress.');
  else {
    out.push('Deployments in progress:');
    const drows = running.map((v) => {
      const t = v.gradual.target;
      const g = v.gradual;
      const where = g.currentStep !== null ? `step ${g.currentStep + 1} of ${g.schedule.length}` : g.phase;
      return [
        `  ${v.deploymentId}`,
        t ? `${t.functionName}:${t.alias}` : '?',
        t ? `v${t.currentVersion} -> v${t.targetVersion}` : '',
        `${g.targetWeight}% on new`,
        where,
      ];
    });
    out.push(...table(drows));
    out.push('', 'Follow one: gradual deployments <id> --watch');
  }
  const nodes = name === undefined ? await listNodes(connection) : undefined;
  if (nodes && nodes.length > 0) out.push('', ...nodeLines(nodes));
  process.stdout.write(out.join('\n') + '\n');
});
