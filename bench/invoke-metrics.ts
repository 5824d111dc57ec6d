/**
 * What recording metrics costs an invocation: the same warm invoke load against two gradual
 * servers, one recording AWS/Lambda metrics per invocation (the default) and one started with
 * `--no-invocation-metrics`, measured alternately in the same run (three rounds each).
 *
 * Run: npm run bench:invoke-metrics
 */
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip } from '../src/common/zip-writer.js';
import {
  CONCURRENCY,
  ensureBenchRole,
  HANDLER,
  measure,
  median,
  startGradual,
  type Server,
} from './invoke-harness.js';
import { printTable } from './stats.js';

async function withFunction(server: Server): Promise<void> {
  const lambda = new LambdaClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
  await ensureBenchRole({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'bench',
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::000000000000:role/bench',
      Handler: 'index.handler',
      Code: { ZipFile: await buildZip({ 'index.js': `exports.handler = ${HANDLER};\n` }) },
    }),
  );
  await new Promise((r) => setTimeout(r, 200));
  lambda.destroy();
}

const dirs = [
  mkdtempSync(join(tmpdir(), 'gradual-bench-on-')),
  mkdtempSync(join(tmpdir(), 'gradual-bench-off-')),
];
const on = await startGradual(dirs[0]!);
const off = await startGradual(dirs[1]!, ['--no-invocation-metrics']);
try {
  await withFunction(on);
  await withFunction(off);
  const path = '/2015-03-31/functions/bench/invocations';
  const rounds = { on: [] as number[], off: [] as number[], onP50: [] as number[], offP50: [] as number[] };
  for (let round = 0; round < 3; round++) {
    const a = await measure(on.url, path, CONCURRENCY);
    const b = await measure(off.url, path, CONCURRENCY);
    rounds.on.push(a.throughput);
    rounds.off.push(b.throughput);
    rounds.onP50.push(a.p50);
    rounds.offP50.push(b.p50);
  }
  printTable(
    `Warm invoke with metrics recorded vs not, ${CONCURRENCY} in flight, median of 3 alternating rounds`,
    'metrics off',
    [
      {
        name: 'throughput (invocations/s)',
        gradual: median(rounds.on),
        baseline: median(rounds.off),
        unit: '/s',
      },
      { name: 'p50 latency', gradual: median(rounds.onP50), baseline: median(rounds.offP50), unit: 'ms' },
    ],
  );
} finally {
  await on.stop();
  await off.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
