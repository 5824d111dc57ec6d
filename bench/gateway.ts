/**
 * Gateway benchmark: a trivial Node handler through a function URL (gradual's HTTP gateway)
 * next to a bare Node HTTP server running the same handler in-process, in the same run on the
 * same machine: throughput and p50/p99 at saturation (medians over rounds, alternating the two
 * servers), then p99 added latency at half of the gateway's measured saturation, with both
 * servers offered the same open-loop rate. Run: `npm run bench:gateway`.
 */
import {
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  LambdaClient,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONCURRENCY,
  clientConfig,
  ensureBenchRole,
  cpuMs,
  createFunction,
  PAYLOAD,
  fmt,
  measure as measureFor,
  median,
  percentile,
  startBare,
  startGradual,
  type Figures,
} from './invoke-harness.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
/** Seconds per measured run (short: the whole bench stays within a minute). */
const RUN_SECONDS = Number(process.env['RUN_SECONDS'] ?? 2);
/** Environments kept warm for the provisioned run at half saturation. */
const PROVISIONED = 16;
const INVOKE_PATH = '/2015-03-31/functions/bench/invocations';
/** The share of the measured saturation offered open-loop (the target is stated at one half). */
const FRACTION = Number(process.env['FRACTION'] ?? 0.5);

/** Closed-loop load after a short warm-up: throughput and latency percentiles. */
function measure(url: string, path: string, concurrency: number): Promise<Figures> {
  return measureFor(url, path, concurrency, { warmUpMs: 500, seconds: RUN_SECONDS });
}

/**
 * Offers `rate` requests per second for `ms` whatever the answers' pace (open loop): latencies
 * in ms of the answers that were 200, and the others (status and body), which are reported.
 */
async function paced(
  url: string,
  path: string,
  rate: number,
  ms: number,
): Promise<{ latencies: number[]; failures: string[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const { hostname, port } = new URL(url);
  const latencies: number[] = [];
  const failures: string[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  const one = (): Promise<void> =>
    new Promise((done) => {
      const started = performance.now();
      const req = request(
        { hostname, port, path, method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - started);
            else failures.push(`${res.statusCode} ${text}`);
            done();
          });
        },
      );
      req.on('error', (error) => {
        failures.push(String(error));
        done();
      });
      req.end(PAYLOAD);
    });
  while (performance.now() - start < ms) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; sent < due; sent++) pending.push(one());
    // A timer tick, not a spin: the load generator must not take a core from the servers.
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  agent.destroy();
  return { latencies: latencies.sort((x, y) => x - y), failures };
}

/** Cold starts so far (the server's Prometheus page): environments the pool had to start. */
async function coldStarts(serverUrl: string): Promise<number> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  let total = 0;
  for (const m of text.matchAll(/^gradual_lambda_cold_starts_total\{[^}]*\} (\d+)/gm)) total += Number(m[1]);
  return total;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-'));
  const gradual = await startGradual(dataDir);
  const bare = await startBare();
  const lambda = new LambdaClient(clientConfig(gradual.url));
  await ensureBenchRole(clientConfig(gradual.url));
  try {
    await createFunction(lambda, 'bench');
    const created = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'bench', AuthType: 'NONE' }),
    );
    const urlId = new URL(created.FunctionUrl!).hostname.split('.')[0]!;
    const path = `/lambda-url/${urlId}/`;
    await lambda.send(new PublishVersionCommand({ FunctionName: 'bench' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'bench', Name: 'live', FunctionVersion: '1' }));
    await lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: 'bench',
        Qualifier: 'live',
        ProvisionedConcurrentExecutions: PROVISIONED,
      }),
    );
    const live = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'bench', Qualifier: 'live', AuthType: 'NONE' }),
    );
    const livePath = `/lambda-url/${new URL(live.FunctionUrl!).hostname.split('.')[0]!}/`;

    // Provisioned environments started before anything is measured (their starts cost CPU).
    for (let i = 0; i < 100; i++) {
      const status = await lambda.send(
        new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'bench', Qualifier: 'live' }),
      );
      if (status.Status === 'READY') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const g: Figures[] = [];
    const b: Figures[] = [];
    const inv: Figures[] = [];
    // The server process's own CPU per request (ms): the gateway's cost apart from the machine's noise.
    const gCpu: number[] = [];
    const invCpu: number[] = [];
    const serverCpu = async (run: () => Promise<Figures>, into: number[]): Promise<Figures> => {
      const before = cpuMs(gradual.child.pid!);
      const figures = await run();
      into.push((cpuMs(gradual.child.pid!) - before) / (figures.throughput * (RUN_SECONDS + 0.5)));
      return figures;
    };
    // Environments started and code warmed before anything is counted.
    await measure(gradual.gateway, path, CONCURRENCY);
    await measure(gradual.url, INVOKE_PATH, CONCURRENCY);
    // The order turns each round, so no one is always measured first (or after the bare server).
    const runs: (() => Promise<void>)[] = [
      async () => void g.push(await serverCpu(() => measure(gradual.gateway, path, CONCURRENCY), gCpu)),
      async () => void b.push(await measure(bare.url, '/', CONCURRENCY)),
      // The Invoke API on the same server: what the invoke path itself costs, for reference.
      async () =>
        void inv.push(await serverCpu(() => measure(gradual.url, INVOKE_PATH, CONCURRENCY), invCpu)),
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < runs.length; i++) await runs[(round + i) % runs.length]!();
    }
    const mid = (xs: Figures[], key: keyof Figures): number => median(xs.map((x) => x[key]));
    const saturation = mid(g, 'throughput');
    const rate = Math.round(saturation * FRACTION);
    await paced(gradual.gateway, path, rate, 500); // warm-up at that rate
    const coldBefore = await coldStarts(gradual.url);
    const gPaced = await paced(gradual.gateway, path, rate, RUN_SECONDS * 1000);
    const cold = (await coldStarts(gradual.url)) - coldBefore;
    await paced(bare.url, '/', rate, 500);
    const bPaced = await paced(bare.url, '/', rate, RUN_SECONDS * 1000);
    // The same rate through the Invoke API: is what happens the gateway's, or the invoke path's?
    await paced(gradual.url, INVOKE_PATH, rate, 500);
    const coldBeforeInvoke = await coldStarts(gradual.url);
    const iPaced = await paced(gradual.url, INVOKE_PATH, rate, RUN_SECONDS * 1000);
    const coldInvoke = (await coldStarts(gradual.url)) - coldBeforeInvoke;
    // The gateway again, now that the first run's starts left environments warm.
    const coldBeforeAgain = await coldStarts(gradual.url);
    const aPaced = await paced(gradual.gateway, path, rate, RUN_SECONDS * 1000);
    const coldAgain = (await coldStarts(gradual.url)) - coldBeforeAgain;
    // The same rate to an alias with provisioned environments: no environment starts on the way.
    await paced(gradual.gateway, livePath, rate, 500);
    const coldBeforeLive = await coldStarts(gradual.url);
    const lPaced = await paced(gradual.gateway, livePath, rate, RUN_SECONDS * 1000);
    const coldLive = (await coldStarts(gradual.url)) - coldBeforeLive;
    const [gHalf, bHalf] = [gPaced.latencies, bPaced.latencies];
    const failures = [gPaced, bPaced, lPaced, iPaced, aPaced].flatMap((p) => p.failures);
    const aHalf = aPaced.latencies;
    const addedAgain99 = percentile(aHalf, 99) - percentile(bHalf, 99);
    const iHalf = iPaced.latencies;
    const lHalf = lPaced.latencies;
    const added99 = percentile(gHalf, 99) - percentile(bHalf, 99);
    const ratio = saturation / mid(b, 'throughput');

    const lines = [
      `Gateway benchmark (${new Date().toISOString()}, node ${process.version}, ${CONCURRENCY} in flight, ${RUN_SECONDS}s per run, median of ${ROUNDS} rounds)`,
      '',
      'function URL vs bare          gateway        bare node     ratio',
      `throughput (req/s)       ${fmt(saturation, 0).padStart(10)}   ${fmt(mid(b, 'throughput'), 0).padStart(10)}     ${fmt(ratio)}`,
      `p50 latency (ms)         ${fmt(mid(g, 'p50'), 3).padStart(10)}   ${fmt(mid(b, 'p50'), 3).padStart(10)}     ${fmt(mid(g, 'p50') / mid(b, 'p50'))}`,
      `p99 latency (ms)         ${fmt(mid(g, 'p99'), 3).padStart(10)}   ${fmt(mid(b, 'p99'), 3).padStart(10)}     ${fmt(mid(g, 'p99') / mid(b, 'p99'))}`,
      `rounds (req/s)           ${g
        .map((x) => fmt(x.throughput, 0))
        .join(' / ')
        .padStart(10)}   ${b.map((x) => fmt(x.throughput, 0)).join(' / ')}`,
      `Invoke API, same server  ${fmt(mid(inv, 'throughput'), 0).padStart(10)} req/s, p50 ${fmt(mid(inv, 'p50'), 3)} ms, p99 ${fmt(mid(inv, 'p99'), 3)} ms   (gateway / Invoke API: ${fmt(saturation / mid(inv, 'throughput'))})`,
      `server CPU per request   ${fmt(median(gCpu), 3).padStart(10)} ms through the gateway, ${fmt(median(invCpu), 3)} ms through the Invoke API`,
      '',
      `at ${FRACTION} of the gateway's saturation (${rate} req/s offered to both, open loop):`,
      `p50 latency (ms)         ${fmt(percentile(gHalf, 50), 3).padStart(10)}   ${fmt(percentile(bHalf, 50), 3).padStart(10)}     added ${fmt(percentile(gHalf, 50) - percentile(bHalf, 50), 3)} ms`,
      `p99 latency (ms)         ${fmt(percentile(gHalf, 99), 3).padStart(10)}   ${fmt(percentile(bHalf, 99), 3).padStart(10)}     added ${fmt(added99, 3)} ms`,
      `environments started during that run (cold starts): ${cold}`,
      `the gateway again, environments warm: p50 ${fmt(percentile(aHalf, 50), 3)} ms, p99 ${fmt(percentile(aHalf, 99), 3)} ms, added p99 ${fmt(addedAgain99, 3)} ms, cold starts ${coldAgain}`,
      `the Invoke API at that rate: p50 ${fmt(percentile(iHalf, 50), 3)} ms, p99 ${fmt(percentile(iHalf, 99), 3)} ms, cold starts ${coldInvoke}`,
      `with ${PROVISIONED} provisioned environments (alias URL): p50 ${fmt(percentile(lHalf, 50), 3)} ms, p99 ${fmt(percentile(lHalf, 99), 3)} ms, added p99 ${fmt(percentile(lHalf, 99) - percentile(bHalf, 99), 3)} ms, cold starts ${coldLive}`,
      `failed requests in the open-loop runs: ${failures.length}${failures.length ? ` (first: ${failures[0]})` : ''}`,
      '',
      `targets: throughput >= 0.35 x bare (${ratio >= 0.35 ? 'met' : 'NOT met'}), ` +
        `p99 added < 2 ms at half saturation (${added99 < 2 ? 'met' : 'NOT met'}; with warm environments ${addedAgain99 < 2 ? 'met' : 'NOT met'})`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    lambda.destroy();
    await Promise.all([gradual.stop(), bare.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
