/**
 * Same-run A/B of the invoke path of two checkouts: this one and BASELINE (another checkout of
 * gradual, e.g. a worktree of main). Both servers run side by side and are measured in alternating
 * rounds (A B, B A, ...), so the machine's load drifts over both alike: warm throughput and p50 at 8
 * in flight, and cold starts (a new function's first invoke, end to end), as medians.
 * Run: `BASELINE=/path/to/other/checkout npm run bench:invoke-ab`.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CONCURRENCY,
  PAYLOAD,
  ROOT,
  clientConfig,
  createFunction,
  ensureBenchRole,
  fmt,
  measure,
  median,
  startGradual,
  stopSides,
  type GradualServer,
} from './invoke-harness.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 6);
const RUN_SECONDS = Number(process.env['RUN_SECONDS'] ?? 3);

interface Side {
  name: string;
  server: GradualServer;
  lambda: LambdaClient;
  dataDir: string;
  throughput: number[];
  p50: number[];
  cold: number[];
}

async function open(name: string, root: string): Promise<Side> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-ab-'));
  const server = await startGradual(dataDir, [], root);
  const lambda = new LambdaClient(clientConfig(server.url));
  try {
    await ensureBenchRole(clientConfig(server.url));
    await createFunction(lambda, 'bench');
  } catch (error) {
    lambda.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return { name, server, lambda, dataDir, throughput: [], p50: [], cold: [] };
}

async function round(side: Side, i: number): Promise<void> {
  const warm = await measure(side.server.url, '/2015-03-31/functions/bench/invocations', CONCURRENCY, {
    seconds: RUN_SECONDS,
  });
  side.throughput.push(warm.throughput);
  side.p50.push(warm.p50);
  await createFunction(side.lambda, `cold-${i}`);
  // Let what the previous start set in motion settle, as a cold start after a quiet moment would.
  await new Promise((r) => setTimeout(r, 1000));
  const started = performance.now();
  await side.lambda.send(new InvokeCommand({ FunctionName: `cold-${i}`, Payload: Buffer.from(PAYLOAD) }));
  side.cold.push(performance.now() - started);
}

async function main(): Promise<void> {
  const baseline = process.env['BASELINE'];
  if (!baseline) throw new Error('set BASELINE to the other checkout of gradual');
  const sides: Side[] = [];
  try {
    const a = await open('this checkout', ROOT);
    sides.push(a);
    const b = await open(`baseline (${resolve(baseline)})`, resolve(baseline));
    sides.push(b);
    for (let i = 0; i < ROUNDS; i++) {
      const order = i % 2 === 0 ? [a, b] : [b, a];
      for (const side of order) await round(side, i);
    }
    const row = (s: Side): string =>
      `${s.name.padEnd(48)} ${fmt(median(s.throughput), 0).padStart(8)} ${fmt(median(s.p50), 3).padStart(9)} ${fmt(median(s.cold), 1).padStart(9)}`;
    console.log(
      `Invoke A/B (${new Date().toISOString()}, ${ROUNDS} alternating rounds, ${CONCURRENCY} in flight)\n`,
    );
    console.log(`${''.padEnd(48)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(9)} ${'cold ms'.padStart(9)}`);
    console.log(row(a));
    console.log(row(b));
    // Rounds are paired (run back to back): the median of their ratios resists the load's drift.
    const paired = (x: number[], y: number[]): number => median(x.map((v, i) => v / y[i]!));
    console.log(
      `\nthis / baseline, medians: throughput ${fmt(median(a.throughput) / median(b.throughput), 3)}, cold start ${fmt(median(a.cold) / median(b.cold), 3)}`,
    );
    console.log(
      `this / baseline, median of paired rounds: throughput ${fmt(paired(a.throughput, b.throughput), 3)}, p50 ${fmt(paired(a.p50, b.p50), 3)}, cold start ${fmt(paired(a.cold, b.cold), 3)}`,
    );
    console.log(
      `rounds, this: ${a.throughput.map((t) => fmt(t, 0)).join(' ')} req/s; cold ${a.cold.map((c) => fmt(c, 0)).join(' ')} ms`,
    );
    console.log(
      `rounds, base: ${b.throughput.map((t) => fmt(t, 0)).join(' ')} req/s; cold ${b.cold.map((c) => fmt(c, 0)).join(' ')} ms`,
    );
  } finally {
    await stopSides(sides);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
