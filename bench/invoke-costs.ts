/**
 * What one warm invocation costs each process: CPU time (from /proc, no tracer) and system calls
 * (`strace -c -f`, Debian strace), for the bare server, gradual's Invoke API and a function URL,
 * each under wrk load (8 connections) for WRK_SECONDS. The server and the environments under it
 * are counted apart. strace slows both sides several times over: read its counts, not its rate.
 * Run: `npx tsx bench/invoke-costs.ts` (GRADUAL_ARGS for extra `serve` flags; STRACE=0: CPU only; RUNTIME=python).
 */
import { CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  PAYLOAD,
  clientConfig,
  cpuSplitMs,
  createFunction,
  ensureBenchRole,
  fmt,
  descendants,
  runDelayMs,
  startBare,
  startGradual,
} from './invoke-harness.js';
import { postScript, wrk } from './wrk.js';

const run = promisify(execFile);
const WRK_SECONDS = Number(process.env['WRK_SECONDS'] ?? 4);
/** RUNTIME=python: the bench function in Python. */
const RUNTIME = process.env['RUNTIME'] === 'python' ? 'python' : 'node';
/** STRACE=0: CPU figures only. */
const STRACE = process.env['STRACE'] !== '0';
const GRADUAL_ARGS = (process.env['GRADUAL_ARGS'] ?? '').split(' ').filter(Boolean);

/** strace's `-c` table as calls by name (its total line left out). */
export function parseStraceCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$/gm))
    if (m[2] !== 'total') counts.set(m[2]!, Number(m[1]));
  return counts;
}

/** wrk for WRK_SECONDS; the number of requests it completed. */
async function load(target: string, script: string): Promise<number> {
  const { stdout } = await run('wrk', ['-t1', '-c8', `-d${WRK_SECONDS}s`, '-s', script, target], {
    timeout: (WRK_SECONDS + 30) * 1000,
  });
  return Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN);
}

async function cpuPerInvocation(name: string, target: string, script: string, server: number): Promise<void> {
  const envs = descendants(server);
  const sum = (pids: number[]): { user: number; system: number } =>
    pids
      .map(cpuSplitMs)
      .reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }), { user: 0, system: 0 });
  const waited = (): [number, number] => [runDelayMs(server), envs.reduce((a, p) => a + runDelayMs(p), 0)];
  const [s0, e0, w0] = [cpuSplitMs(server), sum(envs), waited()];
  const n = await load(target, script);
  const [s1, e1, w1] = [cpuSplitMs(server), sum(envs), waited()];
  const us = (ms: number): string => fmt((ms * 1000) / n, 1).padStart(6);
  // Runnable but not running (main threads), per request: the time lost to a busy machine.
  const queued = `waiting for a CPU: server ${us(w1[0] - w0[0])} us, environments ${us(w1[1] - w0[1])} us`;
  const both = (a: { user: number; system: number }, b: { user: number; system: number }): string =>
    `${us(b.user - a.user + b.system - a.system)} us (user ${us(b.user - a.user)}, system ${us(b.system - a.system)})`;
  console.log(
    `  ${name.padEnd(15)} ${fmt(n / WRK_SECONDS, 0).padStart(6)} req/s  server ${both(s0, s1)}  environments ${both(e0, e1)}  load ${loadavg()[0]!.toFixed(2)}\n${' '.repeat(40)}${queued}`,
  );
}

function attach(pids: number[], out: string): ChildProcess {
  return spawn('strace', ['-c', '-f', '-o', out, ...pids.flatMap((p) => ['-p', String(p)])], {
    stdio: 'ignore',
  });
}

function report(label: string, file: string, invocations: number): void {
  const counts = [...parseStraceCounts(readFileSync(file, 'utf8'))].sort((a, b) => b[1] - a[1]);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const top = counts.slice(0, 6).map(([name, n]) => `${name} ${fmt(n / invocations, 2)}`);
  console.log(`    ${label.padEnd(13)} ${fmt(total / invocations, 2).padStart(5)}: ${top.join(', ')}`);
}

async function syscallsPerInvocation(
  name: string,
  target: string,
  script: string,
  server: number,
  dir: string,
): Promise<void> {
  const serverOut = join(dir, 'server.strace');
  const envsOut = join(dir, 'environments.strace');
  const envs = descendants(server);
  const tracers = [attach([server], serverOut), ...(envs.length ? [attach(envs, envsOut)] : [])];
  await new Promise((r) => setTimeout(r, 500));
  const n = await load(target, script);
  await Promise.all(tracers.map((t) => new Promise((done) => (t.once('exit', done), t.kill('SIGINT')))));
  console.log(`  ${name}: ${n} requests under strace`);
  report('server', serverOut, n);
  if (envs.length) report('environments', envsOut, n);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-costs-'));
  const gradual = await startGradual(dataDir, GRADUAL_ARGS);
  const bare = await startBare();
  try {
    const config = clientConfig(gradual.url);
    await ensureBenchRole(config);
    const lambda = new LambdaClient(config);
    await createFunction(lambda, 'bench', undefined, RUNTIME);
    const url = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'bench', AuthType: 'NONE' }),
    );
    lambda.destroy();
    const pid = gradual.child.pid!;
    const targets: [string, string, number][] = [
      ['bare node', `${bare.url}/`, bare.child.pid!],
      ['gradual Invoke', `${gradual.url}/2015-03-31/functions/bench/invocations`, pid],
      [
        'function URL',
        `${gradual.gateway}/lambda-url/${new URL(url.FunctionUrl!).hostname.split('.')[0]}/`,
        pid,
      ],
    ];
    const script = postScript(dataDir, PAYLOAD);
    for (const [, target] of targets) await wrk(target, script, 8, 2, true);
    console.log(
      `CPU per request, wrk -c8 ${WRK_SECONDS}s (a ${RUNTIME} function; node ${process.version}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    for (const [name, target, server] of targets) await cpuPerInvocation(name, target, script, server);
    if (!STRACE) return;
    console.log('system calls per request (strace -c -f)');
    for (const [name, target, server] of targets)
      await syscallsPerInvocation(name, target, script, server, dataDir);
  } finally {
    await Promise.all([gradual.stop(), bare.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
