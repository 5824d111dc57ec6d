/**
 * Invoke benchmark: warm invoke throughput and latency through gradual's Invoke API, next to a
 * bare Node HTTP server running the same handler in-process (the physical limit of this stack),
 * measured in the same run on the same machine; then cold start next to a bare `node -e`, and
 * memory per warm environment next to a bare node process. Run: `npm run bench:invoke`.
 *
 * Both servers run as child processes; this process only generates load (keep-alive HTTP,
 * a fixed number of requests in flight). gradual runs with `--auth off` so the figures are the
 * invoke path itself; signing costs the client, verifying costs the server about the same on
 * every API call (see the control-plane bench).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONCURRENCY,
  SECONDS,
  PAYLOAD,
  clientConfig,
  ensureBenchRole,
  createFunction,
  startGradual,
  startBare,
  measure,
  treeMemory,
  childrenOf,
  cpuMs,
  treeCpuMs,
  fmt,
  median,
} from './invoke-harness.js';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-'));
  const gradual = await startGradual(dataDir);
  const bare = await startBare();
  const lambda = new LambdaClient(clientConfig(gradual.url));
  await ensureBenchRole(clientConfig(gradual.url));
  try {
    const create = (name: string): Promise<void> => createFunction(lambda, name);
    await create('bench');
    const path = '/2015-03-31/functions/bench/invocations';

    const g1 = await measure(gradual.url, path, 1);
    const b1 = await measure(bare.url, '/', 1);
    const cpuBefore = { server: cpuMs(gradual.child.pid!), runtimes: treeCpuMs(gradual.child.pid!) };
    const g = await measure(gradual.url, path, CONCURRENCY);
    const gCount = g.throughput * (SECONDS + 1); // the warm-up second included
    const serverCpu = (cpuMs(gradual.child.pid!) - cpuBefore.server) / gCount;
    const runtimeCpu = (treeCpuMs(gradual.child.pid!) - cpuBefore.runtimes) / gCount - serverCpu;
    const bareBefore = cpuMs(bare.child.pid!);
    const b = await measure(bare.url, '/', CONCURRENCY);
    const bareCpu = (cpuMs(bare.child.pid!) - bareBefore) / (b.throughput * (SECONDS + 1));

    // Cold starts: the first invocation of new functions, end to end and as Init Duration.
    const cold: number[] = [];
    const init: number[] = [];
    for (let i = 0; i < 5; i++) {
      await create(`cold-${i}`);
      const started = performance.now();
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: `cold-${i}`, LogType: 'Tail', Payload: Buffer.from(PAYLOAD) }),
      );
      cold.push(performance.now() - started);
      const log = Buffer.from(out.LogResult ?? '', 'base64').toString();
      init.push(Number(/Init Duration: ([\d.]+) ms/.exec(log)?.[1] ?? NaN));
    }
    const bareStart: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      bareStart.push(performance.now() - started);
    }

    // Memory: a warm environment (its bwrap monitor, init and node) next to a bare idle node
    // process and to the bare server that served the same load.
    const envs = childrenOf(gradual.child.pid!)
      .map(treeMemory)
      .filter((m) => m.rssKb > 20_000); // environments, not helper processes (esbuild)
    const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 500));
    const bareIdle = treeMemory(idle.pid!);
    idle.kill();
    const bareServer = treeMemory(bare.child.pid!);
    const envRss = median(envs.map((m) => m.rssKb)) / 1024;
    const envPrivate = median(envs.map((m) => m.privateKb)) / 1024;

    const lines = [
      `Invoke benchmark (${new Date().toISOString()}, node ${process.version}, ${CONCURRENCY} in flight, ${SECONDS}s per run)`,
      '',
      'warm invoke                 gradual        bare node     ratio',
      `throughput (req/s)       ${fmt(g.throughput, 0).padStart(10)}   ${fmt(b.throughput, 0).padStart(10)}     ${fmt(g.throughput / b.throughput)}`,
      `p50 latency (ms)         ${fmt(g.p50, 3).padStart(10)}   ${fmt(b.p50, 3).padStart(10)}     ${fmt(g.p50 / b.p50)}`,
      `p99 latency (ms)         ${fmt(g.p99, 3).padStart(10)}   ${fmt(b.p99, 3).padStart(10)}     ${fmt(g.p99 / b.p99)}`,
      `p50 at 1 in flight (ms)  ${fmt(g1.p50, 3).padStart(10)}   ${fmt(b1.p50, 3).padStart(10)}     added ${fmt(g1.p50 - b1.p50, 3)} ms`,
      `p99 at 1 in flight (ms)  ${fmt(g1.p99, 3).padStart(10)}   ${fmt(b1.p99, 3).padStart(10)}`,
      `CPU per invocation (ms)  ${fmt(serverCpu + runtimeCpu, 3).padStart(10)}   ${fmt(bareCpu, 3).padStart(10)}     (gradual: server ${fmt(serverCpu, 3)}, function processes ${fmt(runtimeCpu, 3)})`,
      '',
      `cold start, first invoke end to end (median of 5): ${fmt(median(cold), 1)} ms; Init Duration ${fmt(median(init), 1)} ms`,
      `bare \`node -e 0\` start to exit (median of 5):        ${fmt(median(bareStart), 1)} ms   -> cold start is +${fmt(median(cold) - median(bareStart), 1)} ms`,
      '',
      'memory (median over environments)          RSS     private',
      `warm environment, sandbox included  ${fmt(envRss, 1).padStart(8)} MB ${fmt(envPrivate, 1).padStart(8)} MB   (${envs.length} environments)`,
      `bare idle node process              ${fmt(bareIdle.rssKb / 1024, 1).padStart(8)} MB ${fmt(bareIdle.privateKb / 1024, 1).padStart(8)} MB`,
      `bare node server after the load     ${fmt(bareServer.rssKb / 1024, 1).padStart(8)} MB ${fmt(bareServer.privateKb / 1024, 1).padStart(8)} MB`,
      '',
      `targets: throughput >= 0.4 x bare (${g.throughput / b.throughput >= 0.4 ? 'met' : 'NOT met'}), ` +
        `p50 added < 0.5 ms (${g1.p50 - b1.p50 < 0.5 ? 'met' : 'NOT met'}), ` +
        `cold start within 30 ms of bare (${median(cold) - median(bareStart) <= 30 ? 'met' : 'NOT met'}), ` +
        `environment within 10 MB of a bare node process: RSS ${envRss - bareIdle.rssKb / 1024 <= 10 ? 'met' : 'NOT met'}, ` +
        `private ${envPrivate - bareIdle.privateKb / 1024 <= 10 ? 'met' : 'NOT met'}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    lambda.destroy();
    await Promise.all([gradual.stop(), bare.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
