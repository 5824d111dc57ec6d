/**
 * Two nodes on one database: how fast an alias change made on node A routes traffic on node B,
 * and how fast a breaching invocation on node B puts an alarm into ALARM as node A reports it.
 * Each next to the same path within one node, measured in the same run.
 */
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { buildZip } from '../../src/common/zip-writer.js';
import { functionWithVersions } from '../../test/support/codedeploy.js';
import { ensureTestRoles } from '../../test/support/iam.js';
import { createActiveFunction } from '../../test/support/lambda.js';
import { clientConfig } from '../invoke-harness.js';
import { leaseHolder } from '../../test/support/cluster-db.js';
import { until } from '../../test/support/until.js';
import { load, out, spread, startNode, type Node } from './harness.js';

export interface AcrossFigures {
  propagationP99: number;
  alarmP99: number;
}

/** The version a node routes `fn:live` to now (one unsigned Invoke: auth is off). */
async function routed(node: Node, fn: string): Promise<string> {
  const res = await fetch(`${node.url}/2015-03-31/functions/${fn}/invocations?Qualifier=live`, {
    method: 'POST',
    body: '{}',
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`invoke on ${node.url}: ${res.status}`);
  return res.headers.get('x-amz-executed-version') ?? '';
}

/**
 * An alias change made through `writer` while a caller keeps invoking the alias on `reader`, one
 * request after another: when (real ms, relative to the change's acknowledgement) the first request
 * that ran the new version was sent (negative: before the acknowledgement reached the caller), and
 * how many requests sent after the acknowledgement still ran the old version.
 */
async function propagation(
  writer: LambdaClient,
  reader: Node,
  version: string,
): Promise<{ first: number; stale: number }> {
  const seen: { sent: number; version: string }[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const sent = performance.now();
      seen.push({ sent, version: await routed(reader, 'prop') });
    }
  })();
  await new Promise((r) => setTimeout(r, 20));
  await writer.send(new UpdateAliasCommand({ FunctionName: 'prop', Name: 'live', FunctionVersion: version }));
  const acknowledged = performance.now();
  await until(
    'routed',
    () => Promise.resolve(seen.some((s) => s.sent > acknowledged && s.version === version)),
    10_000,
    1,
  );
  polling = false;
  await poller;
  const first = seen.find((s) => s.version === version)!.sent - acknowledged;
  const stale = seen.filter((s) => s.sent > acknowledged && s.version !== version).length;
  return { first, stale };
}

const FLAKY =
  'exports.handler = async (event) => { if (event.fail) throw new Error("breach"); return "fine"; };\n';

/** Real ms from a breaching invocation's answer on `breach` to its alarm in ALARM as `watch` reports it. */
async function alarmLatency(
  k: number,
  setup: LambdaClient,
  breach: LambdaClient,
  watch: CloudWatchClient,
): Promise<number> {
  const fn = `flaky-${k}`;
  await createActiveFunction(setup, fn, { Code: { ZipFile: await buildZip({ 'index.js': FLAKY }) } });
  await watch.send(
    new PutMetricAlarmCommand({
      AlarmName: fn,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: fn }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
  const state = async (): Promise<string | undefined> =>
    (await watch.send(new DescribeAlarmsCommand({ AlarmNames: [fn] }))).MetricAlarms?.[0]?.StateValue;
  // Warm, and judged on a first healthy datapoint (or left without data): not in ALARM.
  await breach.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('{}') }));
  await new Promise((r) => setTimeout(r, 600));
  if ((await state()) === 'ALARM') throw new Error(`${fn} is in ALARM before its breach`);
  const out = await breach.send(
    new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('{"fail":true}') }),
  );
  const answered = performance.now();
  if (!out.FunctionError) throw new Error(`${fn} did not fail`);
  return until(
    `${fn} in ALARM`,
    async () => (await state()) === 'ALARM' && performance.now() - answered,
    30_000,
    5,
  );
}

export async function acrossNodes(databaseUrl: string, samples: number): Promise<AcrossFigures> {
  const nodes = [await startNode(databaseUrl), await startNode(databaseUrl)];
  const [a, b] = nodes as [Node, Node];
  const lambda = new Map(nodes.map((n) => [n, new LambdaClient(clientConfig(n.url))]));
  const watch = new Map(nodes.map((n) => [n, new CloudWatchClient(clientConfig(n.url))]));
  try {
    await ensureTestRoles(clientConfig(a.url));
    await functionWithVersions(lambda.get(a)!, 'prop');
    // Both versions warm on both nodes.
    for (const n of nodes)
      for (const q of ['1', '2'])
        await lambda.get(n)!.send(new InvokeCommand({ FunctionName: 'prop', Qualifier: q }));
    const across: { first: number; stale: number }[] = [];
    const within: { first: number; stale: number }[] = [];
    for (let i = 0; i < samples; i++) {
      across.push(await propagation(lambda.get(a)!, b, i % 2 ? '1' : '2'));
      within.push(await propagation(lambda.get(a)!, a, i % 2 ? '2' : '1'));
    }
    const p = spread(across.map((x) => x.first));
    const stale = (xs: { stale: number }[]): number => xs.reduce((sum, x) => sum + x.stale, 0);
    out(
      `two nodes, change propagation: UpdateAlias acknowledged on A while a caller invokes the alias without pause (load ${load()})`,
    );
    out(
      `  first request that ran the new version, sent ... ms after the acknowledgement (negative: before it)`,
    );
    out(
      `  on node B (another node)   ${p.text}, ${stale(across)} requests sent after an acknowledgement ran the old version (goal p99 <= 100 ms)`,
    );
    out(
      `  on node A (the same node)  ${spread(within.map((x) => x.first)).text}, ${stale(within)} stale (baseline)`,
    );

    // The first alarm decides which node evaluates (the holder of the lease); then each path.
    await alarmLatency(0, lambda.get(a)!, lambda.get(a)!, watch.get(a)!);
    const holder = await until('an alarm evaluator', () => leaseHolder(databaseUrl, 'alarm-evaluation'));
    const evaluator = nodes.find((n) => n.url === holder)!;
    const other = evaluator === a ? b : a;
    const paths = [
      {
        name: 'breach on the other node, read on the evaluating one',
        breach: other,
        read: evaluator,
        ms: [] as number[],
      },
      {
        name: 'breach on the evaluating node, read on the other',
        breach: evaluator,
        read: other,
        ms: [] as number[],
      },
      {
        name: 'breach and read on the evaluating node (baseline)',
        breach: evaluator,
        read: evaluator,
        ms: [] as number[],
      },
    ];
    const alarmSamples = Math.max(2, Math.round(samples / 5));
    for (let k = 0; k < alarmSamples; k++) {
      for (const [i, path] of paths.entries()) {
        path.ms.push(
          await alarmLatency(
            1 + k * paths.length + i,
            lambda.get(a)!,
            lambda.get(path.breach)!,
            watch.get(path.read)!,
          ),
        );
      }
    }
    out();
    out(
      `two nodes, alarm latency: a breaching invocation answered -> its alarm (Errors Sum >= 1, 60 s period) in ALARM (load ${load()})`,
    );
    for (const path of paths) out(`  ${path.name.padEnd(54)} ${spread(path.ms).text}`);
    out(`  (goal <= 2000 ms)`);
    return { propagationP99: p.p99, alarmP99: Math.max(...paths.slice(0, 2).map((x) => spread(x.ms).p99)) };
  } finally {
    for (const c of [...lambda.values(), ...watch.values()]) c.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
  }
}
