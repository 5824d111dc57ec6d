import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { once } from 'node:events';

/**
 * Vitest's global setup: a fork server (zygote.py) per AWS CLI for the whole run, and bin/ (`aws`,
 * `aws2`) first on PATH, so `execFile('aws')`, AWS_CLIS.v2 and the example scripts' bash reach them
 * unchanged. Each command is still the real CLI in a fresh process (see zygote.py); only Python's
 * start, the awscli imports (~0.4 CPU-s of each run) and the reading of botocore's model files
 * (~0.2 CPU-s more) are shared. Without a server, or when one
 * refuses a command, the launcher runs the real CLI.
 */
const HERE = import.meta.dirname;
export const LAUNCHERS = join(HERE, 'bin');

/** The interpreter, its arguments and the launcher script to serve one CLI, as running it would. */
interface Served {
  readonly command: string;
  readonly args: readonly string[];
  readonly script: string;
}

function onPath(name: string, path: string): string | undefined {
  for (const folder of path.split(delimiter)) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** A Python launcher script: its shebang's interpreter and arguments; undefined for anything else. */
function shebang(script: string): readonly string[] | undefined {
  const first = readFileSync(script, 'utf8').slice(0, 256).split('\n')[0] ?? '';
  const words = first.startsWith('#!') ? first.slice(2).trim().split(/\s+/) : [];
  return words[0]?.includes('python') ? words : undefined;
}

/** How `aws` on PATH runs: pyenv's shim runs its version's script under `pyenv exec`. */
function servedV1(env: NodeJS.ProcessEnv): Served | undefined {
  const found = onPath('aws', env['PATH'] ?? '');
  if (!found) return undefined;
  const pyenv = found.includes('/.pyenv/shims/');
  const script = pyenv ? execFileSync('pyenv', ['which', 'aws'], { env, encoding: 'utf8' }).trim() : found;
  const interpreter = shebang(script);
  if (!interpreter) return undefined;
  const [command = '', ...args] = interpreter;
  return pyenv
    ? { command: 'pyenv', args: ['exec', command.split('/').pop() ?? '', ...args], script }
    : { command, args, script };
}

function servedV2(): Served | undefined {
  const interpreter = existsSync('/usr/bin/aws') ? shebang('/usr/bin/aws') : undefined;
  const [command, ...args] = interpreter ?? [];
  return command ? { command, args, script: '/usr/bin/aws' } : undefined;
}

async function start(served: Served, socket: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(served.command, [...served.args, join(HERE, 'zygote.py'), socket, served.script], {
    // Its stdin is how it learns this run ended, should the teardown never come.
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...env, GRADUAL_AWS_ZYGOTE_GIVEN_ENV: JSON.stringify(env) },
  });
  const [line] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as unknown[];
  if (!String(line).startsWith('ready'))
    throw new Error(`the AWS CLI fork server for ${served.script} did not start`);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export default async function setup(): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), 'gradual-aws-zygote-'));
  // The environment the test processes (and so the CLIs they run) start from.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${LAUNCHERS}${delimiter}${process.env['PATH'] ?? ''}`,
  };
  const servers: ChildProcess[] = [];
  for (const [name, served] of [
    ['V1', servedV1(process.env)],
    ['V2', servedV2()],
  ] as const) {
    if (!served) continue;
    const socket = join(folder, `${name}.sock`);
    env[`GRADUAL_AWS_ZYGOTE_${name}`] = socket;
    servers.push(await start(served, socket, env));
  }
  Object.assign(process.env, env);
  return async () => {
    await Promise.all(servers.map(stop));
    rmSync(folder, { recursive: true, force: true });
  };
}
