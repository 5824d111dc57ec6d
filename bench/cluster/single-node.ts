/**
 * One node on PostgreSQL next to one on SQLite, measured round by round in the same run: warm
 * Invoke throughput (wrk), then CreateFunction and UpdateAlias latency through the SDK.
 */
import { CreateFunctionCommand, LambdaClient, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { buildZip } from '../../src/common/zip-writer.js';
import { functionWithVersions } from '../../test/support/codedeploy.js';
import { ROLE } from '../../test/support/functions.js';
import { ensureTestRoles } from '../../test/support/iam.js';
import { clientConfig, fmt, median, PAYLOAD } from '../invoke-harness.js';
import { timed } from '../stats.js';
import { postScript, wrk } from '../wrk.js';
import { load, out, spread, startNode, type Node } from './harness.js';

export interface SingleNodeFigures {
  throughputRatio: number;
  pgThroughput: number;
  sqliteThroughput: number;
}

export async function singleNode(
  databaseUrl: string,
  run: { rounds: number; seconds: number; connections: number; calls: number },
): Promise<SingleNodeFigures> {
  const sqlite = await startNode();
  const postgres = await startNode(databaseUrl);
  const targets: { name: string; node: Node; lambda: LambdaClient; rps: number[] }[] = [
    { name: 'SQLite', node: sqlite, lambda: new LambdaClient(clientConfig(sqlite.url)), rps: [] },
    { name: 'PostgreSQL', node: postgres, lambda: new LambdaClient(clientConfig(postgres.url)), rps: [] },
  ];
  try {
    for (const t of targets) {
      await ensureTestRoles(clientConfig(t.node.url));
      await functionWithVersions(t.lambda, 'bench');
    }
    const script = postScript(sqlite.dataDir, PAYLOAD);
    const invokeUrl = (t: (typeof targets)[number]): string =>
      `${t.node.url}/2015-03-31/functions/bench/invocations?Qualifier=live`;
    for (const t of targets) await wrk(invokeUrl(t), script, run.connections, 2, true);

    out(
      `single node, warm Invoke of an alias (wrk -c${run.connections}, ${run.seconds}s per store per round)`,
    );
    out(`  round   SQLite req/s   PostgreSQL req/s   PostgreSQL / SQLite   (load)`);
    const ratios: number[] = [];
    for (let r = 0; r < run.rounds; r++) {
      // Turning order, so neither store always runs first on a machine whose load drifts.
      for (let i = 0; i < targets.length; i++) {
        const t = targets[(r + i) % targets.length]!;
        t.rps.push((await wrk(invokeUrl(t), script, run.connections, run.seconds)).throughput);
      }
      const [s, p] = targets.map((t) => t.rps[r]!);
      ratios.push(p! / s!);
      out(
        `  ${String(r + 1).padStart(5)} ${fmt(s!, 0).padStart(14)} ${fmt(p!, 0).padStart(18)} ${fmt(p! / s!).padStart(21)}   (${load()})`,
      );
    }
    const figures = {
      sqliteThroughput: median(targets[0]!.rps),
      pgThroughput: median(targets[1]!.rps),
      throughputRatio: median(ratios),
    };
    out(
      `  median ${fmt(figures.sqliteThroughput, 0).padStart(13)} ${fmt(figures.pgThroughput, 0).padStart(18)} ${fmt(figures.throughputRatio).padStart(21)}   (goal >= 0.90)`,
    );

    // Control plane: the two stores take turns call by call.
    const zip = await buildZip({ 'index.js': 'exports.handler = async () => 1;\n' });
    const create: Record<string, number[]> = { SQLite: [], PostgreSQL: [] };
    const alias: Record<string, number[]> = { SQLite: [], PostgreSQL: [] };
    for (let i = 0; i < run.calls; i++) {
      for (const t of i % 2 ? [...targets].reverse() : targets) {
        create[t.name]!.push(
          await timed(() =>
            t.lambda.send(
              new CreateFunctionCommand({
                FunctionName: `made-${i}`,
                Runtime: 'nodejs20.x',
                Role: ROLE,
                Handler: 'index.handler',
                Code: { ZipFile: zip },
              }),
            ),
          ),
        );
        for (const version of ['2', '1']) {
          alias[t.name]!.push(
            await timed(() =>
              t.lambda.send(
                new UpdateAliasCommand({ FunctionName: 'bench', Name: 'live', FunctionVersion: version }),
              ),
            ),
          );
        }
      }
    }
    out();
    out(`single node, control plane latency (SDK call to its answer; calls take turns)`);
    out(`  operation         SQLite                        PostgreSQL                    p50 x  p99 x`);
    for (const [name, samples] of [
      ['CreateFunction', create],
      ['UpdateAlias', alias],
    ] as const) {
      const s = spread(samples['SQLite']!);
      const p = spread(samples['PostgreSQL']!);
      out(
        `  ${name.padEnd(16)}  ${s.text.padEnd(28)}  ${p.text.padEnd(28)}  ${fmt(p.p50 / s.p50).padStart(5)}  ${fmt(p.p99 / s.p99).padStart(5)}`,
      );
    }
    return figures;
  } finally {
    for (const t of targets) t.lambda.destroy();
    await Promise.all([sqlite.stop(), postgres.stop()]);
  }
}
