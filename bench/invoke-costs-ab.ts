/**
 * Same-run A/B of the server's CPU per warm invocation: this checkout and BASELINE (another checkout
 * of gradual) side by side, each measured under wrk (8 connections, WRK_SECONDS) through the Invoke
 * API and a function URL, in alternating rounds (A B, B A, ...) so the machine's load drifts over
 * both alike. CPU is what the kernel charged the server process (`/proc/<pid>/stat`, user + system)
 * divided by the requests served; the environments are left out. Medians per side, and the median
 * of the per-round ratios.
 * Run: `BASELINE=/path/to/other/checkout ROUNDS=3 npx tsx bench/invoke-costs-ab.ts` (FROM_DIST=1: both
 * from their dist/; BASELINE_FROM_DIST=1 the baseline alone, e.g. BASELINE=. for tsx against dist/).
 */
import { CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  PAYLOAD,
  FROM_DIST,
  ROOT,
  clientConfig,
  cpuSplitMs,
  createFunction,
  ensureBenchRole,
  fmt,
  median,
  startGradual,
  type GradualServer,
} from './invoke-harness.js';
import { postScript, wrk } from './wrk.js';

const run = promisify(execFile);
const WRK_SECONDS = Number(process.env['WRK_SECONDS'] ?? 4);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
/**
 * TOGETHER=1: both sides loaded at the same time (a wrk each), so whatever else runs on the machine
 * weighs on both alike; otherwise one after the other, in alternating order.
 */
const TOGETHER = process.env['TOGETHER'] === '1';
const DOORS = ['Invoke', 'function URL'] as const;
type Door = (typeof DOORS)[number];

interface Side {
  name: string;
  server: GradualServer;
  dataDir: string;
  targets: Record<Door, string>;
  /** Server CPU per request (us), per door, one entry per round. */
  us: Record<Door, number[]>;
}

async function open(name: string, root: string, fromDist = FROM_DIST): Promise<Side> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-costs-ab-'));
  const server = await startGradual(dataDir, [], root, [], fromDist);
  const side: Side = {
    name,
    server,
    dataDir,
    targets: { Invoke: '', 'function URL': '' },
    us: { Invoke: [], 'function URL': [] },
  };
  const config = clientConfig(server.url);
  await ensureBenchRole(config);
  const lambda = new LambdaClient(config);
  try {
    await createFunction(lambda, 'bench');
    const url = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'bench', AuthType: 'NONE' }),
    );
    side.targets.Invoke = `${server.url}/2015-03-31/functions/bench/invocations`;
    side.targets['function URL'] =
      `${server.gateway}/lambda-url/${new URL(url.FunctionUrl!).hostname.split('.')[0]}/`;
  } finally {
    lambda.destroy();
  }
  return side;
}

/** Server CPU per request (us) over one wrk run. */
async function cpuPerRequest(side: Side, door: Door, script: string): Promise<number> {
  const pid = side.server.child.pid!;
  const before = cpuSplitMs(pid);
  const { stdout } = await run('wrk', ['-t1', '-c8', `-d${WRK_SECONDS}s`, '-s', script, side.targets[door]], {
    timeout: (WRK_SECONDS + 30) * 1000,
  });
  const after = cpuSplitMs(pid);
  const n = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN);
  return ((after.user - before.user + after.system - before.system) * 1000) / n;
}

async function main(): Promise<void> {
  const baseline = process.env['BASELINE'];
  if (!baseline) throw new Error('set BASELINE to the other checkout of gradual');
  const sides: Side[] = [];
  const scriptDir = mkdtempSync(join(tmpdir(), 'gradual-costs-ab-wrk-'));
  try {
    sides.push(await open('this checkout', ROOT));
    // BASELINE_FROM_DIST=0/1: the baseline's build apart from this side's (FROM_DIST).
    const baseDist = process.env['BASELINE_FROM_DIST'];
    const fromDist = baseDist === undefined ? FROM_DIST : baseDist === '1';
    sides.push(
      await open(`baseline (${resolve(baseline)}${fromDist ? ', dist' : ''})`, resolve(baseline), fromDist),
    );
    const [a, b] = sides as [Side, Side];
    const script = postScript(scriptDir, PAYLOAD);
    for (const side of sides) for (const door of DOORS) await wrk(side.targets[door], script, 8, 2, true);
    const loads: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      for (const door of DOORS) {
        if (TOGETHER) {
          const [ua, ub] = await Promise.all([
            cpuPerRequest(a, door, script),
            cpuPerRequest(b, door, script),
          ]);
          a.us[door].push(ua);
          b.us[door].push(ub);
        } else {
          for (const side of i % 2 === 0 ? [a, b] : [b, a])
            side.us[door].push(await cpuPerRequest(side, door, script));
        }
      }
      loads.push(loadavg()[0]!);
    }
    console.log(
      `server CPU per request, us (wrk -c8 ${WRK_SECONDS}s, ${ROUNDS} ${TOGETHER ? 'rounds, both sides at once' : 'alternating rounds'}; load ${loads.map((l) => l.toFixed(2)).join(' ')})`,
    );
    for (const side of sides)
      for (const door of DOORS)
        console.log(
          `  ${side.name.padEnd(40)} ${door.padEnd(13)} median ${fmt(median(side.us[door]), 1).padStart(6)}  rounds ${side.us[door].map((u) => fmt(u, 1)).join(' ')}`,
        );
    for (const door of DOORS) {
      const ratios = a.us[door].map((u, i) => u / b.us[door][i]!);
      console.log(`  this / baseline, ${door}: median of paired rounds ${fmt(median(ratios), 3)}`);
    }
  } finally {
    for (const s of sides) {
      await s.server.stop();
      rmSync(s.dataDir, { recursive: true, force: true });
    }
    rmSync(scriptDir, { recursive: true, force: true });
  }
}

await main();
