/** Shared pieces of the invoke benchmarks: servers as child processes, load, figures. */
import { IAMClient } from '@aws-sdk/client-iam';
import { BASIC_EXECUTION, ensureRole } from '../test/support/iam.js';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { buildZip } from '../src/common/zip-writer.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 8);
export const SECONDS = Number(process.env['SECONDS'] ?? 5);
export const HANDLER = 'async (event) => ({ ok: true, n: event.n ?? 0 })';
export const PAYLOAD = JSON.stringify({ n: 1 });
/**
 * FROM_DIST=1: benchmark servers run the compiled dist/ (as `gradual` does once built), not the
 * sources through tsx, whose transpiled output names every function it creates (esbuild's
 * `keepNames`: a `__name` call per closure made, on the hot path too).
 */
export const FROM_DIST = process.env['FROM_DIST'] === '1';

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** gradual with its HTTP gateway (function URLs, REST API stages) on a port of its own. */
export interface GradualServer extends Server {
  gateway: string;
}

export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
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

export function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
}

/** `gradual serve` with authentication off, both ports chosen by the system. */
export async function startGradual(
  dataDir: string,
  extraArgs: string[] = [],
  root = ROOT,
  nodeArgs: string[] = [],
  fromDist = FROM_DIST,
): Promise<GradualServer> {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      // FROM_DIST=1: the compiled dist/ (`npm run build`) instead of the sources through tsx.
      ...(fromDist ? [join(root, 'dist/main.js')] : ['--import', 'tsx', join(root, 'src/main.ts')]),
      'serve',
      '--port',
      '0',
      '--gateway-port',
      '0',
      '--data-dir',
      dataDir,
      '--auth',
      'off',
      ...extraArgs,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const m = await waitForLine(
    child,
    /listening on (http:\/\/\S+)[\s\S]*HTTP gateway \(function URLs\): (http:\/\/\S+)/,
  );
  return { url: m[1]!, gateway: m[2]!, child, stop: stopper(child) };
}

/** AWS SDK client settings for a bench server (authentication is off: any credentials do). */
export function clientConfig(url: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
}

/** The role bench functions run as, created on the bench server through IAM (logs only). */
export async function ensureBenchRole(config: ReturnType<typeof clientConfig>): Promise<void> {
  const iam = new IAMClient(config);
  try {
    await ensureRole(iam, { name: 'bench', managed: [BASIC_EXECUTION] });
  } finally {
    iam.destroy();
  }
}

/** The bench handler in Python: the same reply as HANDLER's. */
export const PYTHON_HANDLER =
  'def handler(event, context):\n    return {"ok": True, "n": event.get("n", 0)}\n';

/** Creates a Node function running `handler` (or the Python one) and gives it time to settle to Active. */
export async function createFunction(
  lambda: LambdaClient,
  name: string,
  handler = HANDLER,
  runtime: 'node' | 'python' = 'node',
): Promise<void> {
  const code: Record<string, string> =
    runtime === 'python' ? { 'index.py': PYTHON_HANDLER } : { 'index.js': `exports.handler = ${handler};\n` };
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime === 'python' ? 'python3.12' : 'nodejs20.x',
      Role: 'arn:aws:iam::000000000000:role/bench',
      Handler: 'index.handler',
      Code: { ZipFile: await buildZip(code) },
    }),
  );
  await new Promise((r) => setTimeout(r, 100));
}

export async function startBare(): Promise<Server> {
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
export async function load(url: string, path: string, concurrency: number, ms: number): Promise<number[]> {
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

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export interface Figures {
  throughput: number;
  p50: number;
  p99: number;
}

/** Closed-loop load after a warm-up (JIT, environments started): throughput and latency percentiles. */
export async function measure(
  url: string,
  path: string,
  concurrency: number,
  run: { warmUpMs?: number; seconds?: number } = {},
): Promise<Figures> {
  const { warmUpMs = 1000, seconds = SECONDS } = run;
  await load(url, path, concurrency, warmUpMs);
  const sorted = (await load(url, path, concurrency, seconds * 1000)).sort((a, b) => a - b);
  return { throughput: sorted.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export interface Memory {
  /** Resident set: counts pages shared with other processes (the node binary) in full. */
  rssKb: number;
  /** Pages no other process shares: what one more environment really costs. */
  privateKb: number;
}

/** Memory of a process and its descendants, from /proc/<pid>/smaps_rollup. */
export function treeMemory(pid: number, tree: Map<number, number[]> = processTree()): Memory {
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
  for (const child of tree.get(pid) ?? []) {
    const m = treeMemory(child, tree);
    total.rssKb += m.rssKb;
    total.privateKb += m.privateKb;
  }
  return total;
}

/**
 * Every process's children, read from /proc once: asking per process reads all of /proc each
 * time, which takes minutes once a storm of starts left a thousand environments.
 */
export function processTree(): Map<number, number[]> {
  const tree = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = tree.get(ppid) ?? [];
      list.push(Number(entry));
      tree.set(ppid, list);
    } catch {
      // gone
    }
  }
  return tree;
}

export function childrenOf(pid: number): number[] {
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

/** User and system CPU a process has used, in ms (fields 14 and 15 of /proc/<pid>/stat, in ticks of 10 ms at USER_HZ 100); 0 once it is gone. */
/** Every process under `pid`: its children, theirs, and so on. */
export function descendants(pid: number, tree = processTree()): number[] {
  return (tree.get(pid) ?? []).flatMap((c) => [c, ...descendants(c, tree)]);
}

/**
 * How long a process's main thread (for Node, its event loop) has been runnable but waiting for a
 * CPU, in ms: the second field of /proc/<pid>/schedstat (nanoseconds).
 */
export function runDelayMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

export function cpuSplitMs(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return { user: 0, system: 0 };
  }
}

/** CPU time (user + system) a process has used, in ms. */
export function cpuMs(pid: number): number {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}

/** CPU time of a process and its descendants that are still running. */
export function treeCpuMs(pid: number): number {
  return cpuMs(pid) + childrenOf(pid).reduce((sum, child) => sum + treeCpuMs(child), 0);
}

export function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

/** Ends what an A/B benchmark started on each side, even when the other side failed to start. */
export async function stopSides(
  sides: readonly { lambda: LambdaClient; server: GradualServer; dataDir: string }[],
): Promise<void> {
  for (const s of sides) {
    s.lambda.destroy();
    await s.server.stop();
    rmSync(s.dataDir, { recursive: true, force: true });
  }
}
