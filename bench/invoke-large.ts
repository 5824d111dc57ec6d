/**
 * Invocations with a large event (5 MB by default; the Invoke API takes up to 6 MB), one at a time
 * on a warm environment: the wall time of each, end to end through the Invoke API. With BASELINE
 * (another checkout of gradual) both run side by side in alternating rounds, so the machine's load
 * drifts over both alike. Run: `[BASELINE=/path/to/checkout] npx tsx bench/invoke-large.ts`
 * (EVENT_MB, COUNT invocations per round, ROUNDS). Failed invocations (an out-of-memory kill at the
 * function's 128 MB, say) are counted; their wall times are kept.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ROOT,
  clientConfig,
  createFunction,
  ensureBenchRole,
  fmt,
  median,
  startGradual,
  stopSides,
  type GradualServer,
} from './invoke-harness.js';

const EVENT_MB = Number(process.env['EVENT_MB'] ?? 5);
const COUNT = Number(process.env['COUNT'] ?? 20);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const HANDLER = 'async (event) => ({ length: event.data.length })';

interface Side {
  name: string;
  server: GradualServer;
  lambda: LambdaClient;
  dataDir: string;
  walls: number[];
  /** Invocations that did not return the event's length (an out-of-memory kill, say), by error. */
  failures: Map<string, number>;
}

async function open(name: string, root: string): Promise<Side> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-large-'));
  const server = await startGradual(dataDir, [], root);
  const lambda = new LambdaClient(clientConfig(server.url));
  const side = { name, server, lambda, dataDir, walls: [], failures: new Map<string, number>() };
  await ensureBenchRole(clientConfig(server.url));
  await createFunction(lambda, 'large', HANDLER);
  return side;
}

async function round(side: Side, payload: Buffer, expected: number): Promise<void> {
  for (let i = 0; i < COUNT; i++) {
    const started = performance.now();
    const out = await side.lambda.send(new InvokeCommand({ FunctionName: 'large', Payload: payload }));
    side.walls.push(performance.now() - started);
    const body = JSON.parse(Buffer.from(out.Payload!).toString('utf8')) as {
      length?: number;
      errorType?: string;
    };
    if (body.length !== expected) {
      const key = body.errorType ?? 'wrong length';
      side.failures.set(key, (side.failures.get(key) ?? 0) + 1);
    }
  }
}

async function main(): Promise<void> {
  const data = 'x'.repeat(EVENT_MB * 1024 * 1024 - 11);
  const payload = Buffer.from(JSON.stringify({ data }));
  const baseline = process.env['BASELINE'];
  const sides: Side[] = [];
  try {
    sides.push(await open('this checkout', ROOT));
    if (baseline) sides.push(await open(`baseline (${resolve(baseline)})`, resolve(baseline)));
    // A first invocation starts the environment: not measured.
    for (const side of sides)
      await side.lambda.send(new InvokeCommand({ FunctionName: 'large', Payload: payload }));
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) await round(side, payload, data.length);
    }
    console.log(
      `${payload.length} byte events, ${ROUNDS} rounds of ${COUNT} invocations one at a time (${new Date().toISOString()})`,
    );
    for (const s of sides) {
      const sorted = [...s.walls].sort((a, b) => a - b);
      console.log(
        `${s.name}: median ${fmt(median(s.walls), 1)} ms, min ${fmt(sorted[0]!, 1)}, max ${fmt(sorted.at(-1)!, 1)}; failed: ${[...s.failures].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`,
      );
    }
  } finally {
    await stopSides(sides);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
