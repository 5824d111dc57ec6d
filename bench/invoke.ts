/**
 * Invoke benchmark: warm throughput and latency of gradual's Invoke API and of a function URL, next
 * to a bare Node HTTP server running the same handler in-process (the physical limit of this stack),
 * measured round by round in the same run; then an open-loop run at half of saturation; then cold
 * start and memory per environment. Run: `npm run bench:invoke` (ROUNDS, WRK_SECONDS, CONNECTIONS).
 *
 * Load comes from outside every measured event loop: wrk (C) for the closed-loop rounds, and a
 * separate Node process for the open-loop run (bench/open-loop-client.ts). This process only sets up
 * and prints. gradual runs with `--auth off` so the figures are the invoke path itself. The machine
 * is shared: compare ratios from the same round, not figures across runs. Without the burst
 * queue (GRADUAL_ARGS="--burst-queue-ms 0", Lambda's behaviour) a backlog in the open-loop run starts an
 * environment per waiting request, hundreds on a small machine: add --max-concurrency to bound it.
 */
import { CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { coldAndMemory } from './invoke-cold-memory.js';
import {
  PAYLOAD,
  descendants,
  processTree,
  clientConfig,
  createFunction,
  ensureBenchRole,
  fmt,
  median,
  startBare,
  startGradual,
  treeMemory,
} from './invoke-harness.js';
import { openLoop, type OpenLoopFigures } from './open-loop.js';
import { postScript, wrk, type WrkFigures } from './wrk.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const WRK_SECONDS = Number(process.env['WRK_SECONDS'] ?? 8);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 8);
const OPEN_SECONDS = Number(process.env['OPEN_SECONDS'] ?? 8);
const BURST = Number(process.env['BURST'] ?? 32);
/** COLD=0 skips the burst, cold start and memory parts (for A/Bs of the warm path). */
const COLD = process.env['COLD'] !== '0';
/** Extra `gradual serve` flags, e.g. GRADUAL_ARGS="--burst-queue-ms 100". */
const GRADUAL_ARGS = (process.env['GRADUAL_ARGS'] ?? '').split(' ').filter(Boolean);
/**
 * Flags of a second gradual server whose Invoke API joins the closed-loop rounds as "Invoke [B]",
 * e.g. COMPARE_ARGS="--runtime-channel http": an A/B under the same load, round by round.
 */
const COMPARE_ARGS = (process.env['COMPARE_ARGS'] ?? '').split(' ').filter(Boolean);
/** Node flags of that second server, e.g. COMPARE_NODE_ARGS="--max-semi-space-size=32". */
const COMPARE_NODE_ARGS = (process.env['COMPARE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
/** That second server from another source tree, e.g. COMPARE_ROOT=/work/main: before / after. */
const COMPARE_ROOT = process.env['COMPARE_ROOT'];
/**
 * Bench-only: after the warm-up, B's environments (every process under it) are reniced by this
 * much, e.g. COMPARE_NICE=10: what giving the server the CPU first does to the tail.
 */
const COMPARE_NICE = Number(process.env['COMPARE_NICE'] ?? 0);

/** Environments running under the server (their sandboxes), not helper processes. */
function environments(pid: number): number {
  const tree = processTree();
  return (tree.get(pid) ?? []).filter((c) => treeMemory(c, tree).rssKb > 20_000).length;
}

const load = (): string =>
  loadavg()
    .map((l) => fmt(l, 2))
    .join(' ');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-'));
  const gradual = await startGradual(dataDir, GRADUAL_ARGS);
  const bare = await startBare();
  const lambda = new LambdaClient(clientConfig(gradual.url));
  const compareDir =
    COMPARE_ARGS.length || COMPARE_NODE_ARGS.length || COMPARE_ROOT || COMPARE_NICE
      ? mkdtempSync(join(tmpdir(), 'gradual-bench-b-'))
      : undefined;
  const compare = compareDir
    ? await startGradual(compareDir, COMPARE_ARGS, COMPARE_ROOT, COMPARE_NODE_ARGS)
    : undefined;
  try {
    await ensureBenchRole(clientConfig(gradual.url));
    await createFunction(lambda, 'bench');
    if (compare) {
      await ensureBenchRole(clientConfig(compare.url));
      const other = new LambdaClient(clientConfig(compare.url));
      await createFunction(other, 'bench');
      other.destroy();
    }
    const url = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'bench', AuthType: 'NONE' }),
    );
    const pid = gradual.child.pid!;
    const targets = [
      { name: 'bare node', url: `${bare.url}/`, pid: bare.child.pid! },
      { name: 'gradual Invoke', url: `${gradual.url}/2015-03-31/functions/bench/invocations`, pid },
      {
        name: 'function URL',
        url: `${gradual.gateway}/lambda-url/${new URL(url.FunctionUrl!).hostname.split('.')[0]}/`,
        pid,
      },
      ...(compare
        ? [
            {
              name: 'Invoke [B]',
              url: `${compare.url}/2015-03-31/functions/bench/invocations`,
              pid: compare.child.pid!,
            },
          ]
        : []),
    ].map((t) => ({ ...t, rounds: [] as WrkFigures[] }));
    const script = postScript(dataDir, PAYLOAD);
    // Warm-up: JIT on every side, and the function's environments started.
    for (const t of targets) await wrk(t.url, script, CONNECTIONS, 2, true);
    if (compare && COMPARE_NICE) {
      for (const p of descendants(compare.child.pid!)) setPriority(p, COMPARE_NICE);
    }

    const out = (line = ''): boolean => process.stdout.write(`${line}\n`);
    out(
      `Invoke benchmark (${new Date().toISOString()}, node ${process.version}, wrk -c${CONNECTIONS}, ${WRK_SECONDS}s per target per round)`,
    );
    out(
      `load average at start: ${load()}${GRADUAL_ARGS.length ? `; gradual serve ${GRADUAL_ARGS.join(' ')}` : ''}`,
    );
    if (compare)
      out(
        `[B]: a second gradual${COMPARE_ROOT ? ` from ${COMPARE_ROOT}` : ''}, ${COMPARE_NODE_ARGS.join(' ')} serve ${COMPARE_ARGS.join(' ')}${COMPARE_NICE ? `, environments at nice ${COMPARE_NICE}` : ''}`,
      );
    out();
    const [bareT, ...doors] = targets;
    const gradualT = doors;
    for (let r = 0; r < ROUNDS; r++) {
      // Turning order, so no target always runs first on a machine whose load drifts.
      for (let i = 0; i < targets.length; i++) {
        const t = targets[(r + i) % targets.length]!;
        t.rounds.push(await wrk(t.url, script, CONNECTIONS, WRK_SECONDS));
      }
      out(`round ${r + 1} (load ${load()})     req/s     p50 ms    p99 ms   x bare req/s  x bare p99`);
      for (const t of targets) {
        const f = t.rounds[r]!;
        const b = bareT!.rounds[r]!;
        out(
          `  ${t.name.padEnd(16)} ${fmt(f.throughput, 0).padStart(9)} ${fmt(f.p50, 3).padStart(10)} ${fmt(f.p99, 2).padStart(9)}` +
            (t === bareT
              ? ''
              : `   ${fmt(f.throughput / b.throughput).padStart(11)} ${fmt(f.p99 / b.p99).padStart(11)}`),
        );
      }
    }
    const ratio = (t: (typeof targets)[number], key: keyof WrkFigures): number =>
      median(t.rounds.map((f, r) => f[key] / bareT!.rounds[r]![key]));
    out();
    out(
      'medians over rounds       req/s     p50 ms    p99 ms   x bare req/s  x bare p99  (median of per-round ratios)',
    );
    for (const t of targets) {
      out(
        `  ${t.name.padEnd(16)} ${fmt(median(t.rounds.map((f) => f.throughput)), 0).padStart(9)} ${fmt(median(t.rounds.map((f) => f.p50)), 3).padStart(10)} ${fmt(median(t.rounds.map((f) => f.p99)), 2).padStart(9)}` +
          (t === bareT
            ? ''
            : `   ${fmt(ratio(t, 'throughput')).padStart(11)} ${fmt(ratio(t, 'p99')).padStart(11)}`),
      );
    }

    // Open loop: each gradual door at half of its own saturation; bare at the Invoke API's rate;
    // the Invoke API again at a quarter. Environments: how many the server runs after the run.
    out();
    out(`open loop, ${OPEN_SECONDS}s, latency from intended send time (load ${load()})`);
    out(
      '  target             rate/s    p50 ms    p99 ms    max ms   p99-p50  generator lag p99 ms  generator CPU  answered  environments',
    );
    const invokeRate = median(gradualT[0]!.rounds.map((f) => f.throughput)) / 2;
    const runs: [string, string, number, number][] = [
      [bareT!.name, bareT!.url, invokeRate, bareT!.pid],
      ...gradualT.map((t): [string, string, number, number] => [
        t.name,
        t.url,
        median(t.rounds.map((f) => f.throughput)) / 2,
        t.pid,
      ]),
      // Where it holds: a quarter of saturation (each server's Invoke API at the first's rate).
      ...gradualT
        .filter((t) => t.name.includes('Invoke'))
        .map((t): [string, string, number, number] => [`${t.name} /4`, t.url, invokeRate / 2, t.pid]),
    ];
    for (const [name, target, rate, server] of OPEN_SECONDS > 0 ? runs : []) {
      const f: OpenLoopFigures = await openLoop(target, rate, OPEN_SECONDS, PAYLOAD);
      out(
        `  ${name.padEnd(16)} ${fmt(f.rate, 0).padStart(8)} ${fmt(f.p50, 2).padStart(9)} ${fmt(f.p99, 2).padStart(9)} ${fmt(f.max, 1).padStart(9)} ${fmt(f.p99 - f.p50, 2).padStart(9)} ${fmt(f.sendLagP99, 2).padStart(12)}  ${fmt(f.generatorCpu * 100, 0).padStart(11)} %  ${f.completed}/${Math.round(f.rate) * OPEN_SECONDS}${f.failures ? `, ${f.failures} failed` : ''}  ${server === bareT!.pid ? '' : environments(server)}`,
      );
      // Let a backlog the run left behind drain before the next.
      await new Promise((r) => setTimeout(r, 5000));
    }
    if (!COLD) return;
    // A burst: 32 connections at once on a function with one warm environment. Lambda starts an
    // environment per concurrent request; the burst queue (--burst-queue-ms) waits for busy ones.
    await createFunction(lambda, 'burst');
    const burstUrl = `${gradual.url}/2015-03-31/functions/burst/invocations`;
    await wrk(burstUrl, script, 1, 1);
    const envsBefore = environments(pid);
    const burst = await wrk(burstUrl, script, BURST, 3, true);
    out();
    out(
      `burst of ${BURST} connections for 3s on a function with 1 warm environment (load ${load()}): ` +
        `${fmt(burst.throughput, 0)} req/s, p50 ${fmt(burst.p50, 2)} ms, p99 ${fmt(burst.p99, 2)} ms, ` +
        `${environments(gradual.child.pid!) - envsBefore} environments started` +
        (burst.failed ? `, ${burst.failed} failed` : ''),
    );
    out();
    for (const line of await coldAndMemory(lambda, gradual.child.pid!, bare)) out(line);
    out();
    out(`load average at end: ${load()}`);
  } finally {
    lambda.destroy();
    await Promise.all([gradual.stop(), bare.stop(), compare?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
    if (compareDir) rmSync(compareDir, { recursive: true, force: true });
  }
}

await main();
