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
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildZip } from '../src/artifacts/zip-writer.js';

const ROOT = resolve(import.meta.dirname, '..');
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 8);
const SECONDS = Number(process.env['SECONDS'] ?? 5);
const HANDLER = 'async (event) => ({ ok: true, n: event.n ?? 0 })';
const PAYLOAD = JSON.stringify({ n: 1 });

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((done, fail) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) done(m);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', () => fail(new Error(`process exited before ready:\n${out}`)));
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
}

async function startGradual(dataDir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--auth',
      'off',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const m = await waitForLine(child, /listening on (http:\/\/\S+)/);
  return { url: m[1]!, child, stop: stopper(child) };
}

async function startBare(): Promise<Server> {
  const code = `
    const http = require('node:http');
    const handler = ${HANDLER};
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        const result = await handler(JSON.parse(Buffer.concat(chunks).toString() || '{}'), {});
        const body = JSON.stringify(result);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
    process.on('SIGTERM', () => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  const m = await waitForLine(child, /listening on (http:\/\/\S+)/);
  return { url: m[1]!, child, stop: stopper(child) };
}

/** Keeps `concurrency` POSTs in flight for `ms`; returns each request's latency in ms. */
async function load(url: string, path: string, concurrency: number, ms: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { hostname, port } = new URL(url);
  const latencies: number[] = [];
  const end = performance.now() + ms;
  const one = (): Promise<void> =>
    new Promise((done, fail) => {
      const started = performance.now();
      const req = request(
        { hostname, port, path, method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) return fail(new Error(`status ${res.statusCode}`));
            latencies.push(performance.now() - started);
            done();
          });
        },
      );
      req.on('error', fail);
      req.end(PAYLOAD);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  agent.destroy();
  return latencies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

interface Figures {
  throughput: number;
  p50: number;
  p99: number;
}

async function measure(url: string, path: string, concurrency: number): Promise<Figures> {
  await load(url, path, concurrency, 1000); // warm-up: JIT, environments started
  const latencies = await load(url, path, concurrency, SECONDS * 1000);
  const sorted = latencies.sort((a, b) => a - b);
  return { throughput: latencies.length / SECONDS, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

interface Memory {
  /** Resident set: counts pages shared with other processes (the node binary) in full. */
  rssKb: number;
  /** Pages no other process shares: what one more environment really costs. */
  privateKb: number;
}

/** Memory of a process and its descendants, from /proc/<pid>/smaps_rollup. */
function treeMemory(pid: number): Memory {
  const total: Memory = { rssKb: 0, privateKb: 0 };
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string): number =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    total.rssKb = field('Rss');
    total.privateKb = field('Private_Clean') + field('Private_Dirty');
  } catch {
    return total;
  }
  for (const child of childrenOf(pid)) {
    const m = treeMemory(child);
    total.rssKb += m.rssKb;
    total.privateKb += m.privateKb;
  }
  return total;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone
    }
  }
  return children;
}

/** CPU time (user + system) a process has used, in ms. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at USER_HZ 100
  } catch {
    return 0;
  }
}

/** CPU time of a process and its descendants that are still running. */
function treeCpuMs(pid: number): number {
  return cpuMs(pid) + childrenOf(pid).reduce((sum, child) => sum + treeCpuMs(child), 0);
}

function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-'));
  const gradual = await startGradual(dataDir);
  const bare = await startBare();
  const lambda = new LambdaClient({
    endpoint: gradual.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    const zip = await buildZip({ 'index.js': `exports.handler = ${HANDLER};\n` });
    const create = async (name: string): Promise<void> => {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Role: 'arn:aws:iam::000000000000:role/bench',
          Handler: 'index.handler',
          Code: { ZipFile: zip },
        }),
      );
      await new Promise((r) => setTimeout(r, 100)); // settles to Active
    };
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
