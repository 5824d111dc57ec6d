import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLIS } from '../support/aws-cli.js';
import { LAUNCHERS } from '../support/aws-cli/zygotes.js';
import { until } from '../support/until.js';

// A sitecustomize that records what the CLI's process saw: it loads the tests' own (the sleeps
// divisor) as the interpreter would have, then notes its process, environment and start.
const PROBE = `
import atexit, json, os, runpy, sys, time
runpy.run_path(${JSON.stringify(join(import.meta.dirname, '../support/python/sitecustomize.py'))})
seen = {
    "pid": os.getpid(), "env": dict(os.environ), "path": sys.path, "argv": sys.argv,
    "cwd": os.getcwd(), "executable": sys.executable, "flags": repr(sys.flags),
    "stdio": [(s.encoding, s.errors, s.line_buffering) for s in (sys.stdin, sys.stdout, sys.stderr)],
}
if os.environ.get("PROBE_STDIN"):
    seen["stdin"] = sys.stdin.read()
started = time.monotonic(); time.sleep(2); seen["slept"] = time.monotonic() - started
out = os.path.join(os.environ["PROBE_OUT"], "%d.json" % os.getpid())
open(out + ".started", "w").close()
atexit.register(lambda: open(out, "w").write(json.dumps(seen)))
`;

interface Seen {
  pid: number;
  env: Record<string, string>;
  path: string[];
  argv: string[];
  cwd: string;
  executable: string;
  flags: string;
  stdio: unknown[];
  stdin?: string;
  slept: number;
}

let probe: string;
let cwd: string;
let silent: Server;
let silentUrl: string;
let connections = 0;

beforeAll(async () => {
  probe = mkdtempSync(join(tmpdir(), 'gradual-zygote-probe-'));
  writeFileSync(join(probe, 'sitecustomize.py'), PROBE);
  cwd = mkdtempSync(join(tmpdir(), 'gradual-zygote-cwd-'));
  // Accepts connections and never answers: a CLI command that waits until it is killed.
  silent = createServer(() => (connections += 1)).listen(0, '127.0.0.1');
  await new Promise((ready) => silent.once('listening', ready));
  const address = silent.address();
  silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => {
  silent.close();
  rmSync(probe, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

/** The environment without the launchers on PATH: the real CLIs' a user runs (`aws` on PATH is v1). */
const REAL_ENV = {
  PATH: (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((p) => p !== LAUNCHERS)
    .join(delimiter),
};

function env(out: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    PYTHONPATH: probe,
    PROBE_OUT: out,
    GRADUAL_TEST_SLEEP_DIVISOR: '100',
    ...extra,
  };
}

/** Runs a CLI with the probe: its exit code, output, the pid it started as, and what it saw. */
async function run(bin: string, args: string[], extra: NodeJS.ProcessEnv = {}, stdin?: string) {
  const out = mkdtempSync(join(probe, 'run-'));
  const child = execFile(bin, args, { cwd, env: env(out, extra) }, () => undefined);
  if (stdin !== undefined) child.stdin?.end(stdin);
  const [code, stdout, stderr] = await new Promise<[number | null, string, string]>((done) => {
    let o = '';
    let e = '';
    child.stdout?.on('data', (c: Buffer) => (o += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (e += c.toString()));
    child.once('close', (c) => done([c, o, e]));
  });
  const file = readdirSync(out).find((f) => f.endsWith('.json'));
  const seen = JSON.parse(readFileSync(join(out, file ?? 'missing'), 'utf8')) as Seen;
  return { code, stdout, stderr, launcherPid: child.pid, seen };
}

/** What must be the same in the CLI's process, served or not: all of it but its pid and timing. */
function same(seen: Seen): Omit<Seen, 'pid' | 'slept'> {
  const { pid: _pid, slept: _slept, ...rest } = seen;
  return rest;
}

describe.each([
  { name: 'v1 (aws on PATH)', launcher: 'aws', real: 'aws' },
  { name: 'v2 (Debian)', launcher: AWS_CLIS.v2, real: '/usr/bin/aws' },
])('the AWS CLI $name through its fork server', ({ launcher, real }) => {
  it('is the real CLI in a fresh process: same argv, environment, cwd, sys.path and stdio', async () => {
    const args = ['lambda', 'get-function', '--generate-cli-skeleton', 'input'];
    const served = await run(launcher, args);
    const direct = await run(real, args, REAL_ENV);
    // Served: the CLI is not the launcher's process but a child of the fork server.
    expect(served.seen.pid).not.toBe(served.launcherPid);
    expect(direct.seen.pid).toBe(direct.launcherPid);
    // The caller's PATH has the launchers first, PROBE_OUT is a folder per run.
    const path = served.seen.env['PATH']?.split(delimiter).filter((p) => p !== LAUNCHERS);
    const env = { ...served.seen.env, PATH: path?.join(delimiter), PROBE_OUT: direct.seen.env['PROBE_OUT'] };
    expect({ ...same(served.seen), env }).toEqual(same(direct.seen));
    expect([served.code, served.stdout, served.stderr]).toEqual([direct.code, direct.stdout, direct.stderr]);
  });

  it("exits with the CLI's code and prints what it prints, and reads the caller's stdin", async () => {
    const served = await run(launcher, ['no-such-command'], { PROBE_STDIN: '1' }, 'from the caller');
    const direct = await run(real, ['no-such-command'], { ...REAL_ENV, PROBE_STDIN: '1' }, 'from the caller');
    expect(served.code).not.toBe(0);
    expect([served.code, served.stdout, served.stderr]).toEqual([direct.code, direct.stdout, direct.stderr]);
    expect(served.seen.stdin).toBe('from the caller');
  });

  it("keeps the tests' sleeps divisor (python/sitecustomize.py)", async () => {
    const served = await run(launcher, ['--version']);
    expect(served.seen.slept).toBeLessThan(1);
  });

  it('runs the real CLI itself when the caller environment differs in what the imports read', async () => {
    const served = await run(launcher, ['--version'], { AWS_DATA_PATH: '/nonexistent' });
    expect(served.seen.pid).toBe(served.launcherPid);
    expect(served.code).toBe(0);
  });

  it('runs the real CLI itself when there is no fork server', async () => {
    const served = await run(launcher, ['--version'], {
      GRADUAL_AWS_ZYGOTE_V1: join(probe, 'none.sock'),
      GRADUAL_AWS_ZYGOTE_V2: join(probe, 'none.sock'),
    });
    expect(served.seen.pid).toBe(served.launcherPid);
    expect(served.code).toBe(0);
  });

  it('ends the CLI when its caller is killed', async () => {
    const out = mkdtempSync(join(probe, 'run-'));
    const args = ['lambda', 'list-functions', '--endpoint-url', silentUrl, '--cli-read-timeout', '100'];
    const child = spawn(launcher, args, { cwd, env: env(out), stdio: 'ignore' });
    const started = await until('the CLI started', () =>
      readdirSync(out).find((f) => f.endsWith('.started')),
    );
    const pid = Number(started.split('.')[0]);
    await until('the CLI connected', () => connections > 0);
    child.kill('SIGKILL');
    await until('the CLI ended', () => !alive(pid), 10_000);
    expect(alive(pid)).toBe(false);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
