import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { closeSync, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Clock } from '../../common/clock.js';
import type { EnvironmentCgroup } from './cgroup.js';
import type { Placement } from './environment-place.js';
import type { EnvironmentDeps, EnvironmentSpec } from './environment-types.js';
import { functionEnvironment } from './function-env.js';
import { mergePreload } from './function-time.js';

/**
 * Starting and stopping one runtime process: the launcher of its runtime family, the environment
 * variables Lambda defines (Lambda Developer Guide, defined runtime environment variables), the sandbox around it, and a kill that takes everything it started.
 */
export interface RuntimeProcessInput {
  spec: EnvironmentSpec;
  deps: Pick<EnvironmentDeps, 'sandbox' | 'launchers' | 'region' | 'credentials' | 'functionTime'>;
  placement: Placement;
  logStreamName: string;
  initialization: 'on-demand' | 'provisioned-concurrency';
  cgroup: EnvironmentCgroup | undefined;
}

export interface RuntimeProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** What really runs the runtime here (`Python 3.11.2 (/usr/bin/python3.11)`), for the log. */
  interpreter: string;
}

export function spawnRuntime(input: RuntimeProcessInput): RuntimeProcess {
  const { spec, deps, placement } = input;
  const taskRoot = deps.sandbox.taskRoot(spec.codeDir);
  const launch = deps.launchers.launch({
    runtime: spec.runtime,
    taskRoot,
    memorySize: spec.memorySize,
    memoryEnforced: input.cgroup?.memoryEnforced ?? false,
  });
  const env = functionEnvironment({
    functionName: spec.functionName,
    version: spec.version,
    runtime: spec.runtime,
    handler: spec.handler,
    memorySize: spec.memorySize,
    logGroup: spec.logGroup,
    logStreamName: input.logStreamName,
    region: deps.region,
    runtimeApi: placement.runtimeApi,
    runtimeSocket: `${deps.sandbox.socketDir(placement.socketDir)}/runtime.sock`,
    framesSocket: placement.framesSocket
      ? `${deps.sandbox.socketDir(placement.socketDir)}/${placement.framesSocket}`
      : undefined,
    initializationType: input.initialization,
    taskRoot,
    runtimeDir: launch.runtimeDir,
    nodeModules: launch.nodeModules,
    credentials: deps.credentials(spec),
    endpointUrl: placement.endpointUrl,
    variables: spec.variables,
  });
  // Under --time-scale the process runs on the platform's clock (libfaketime).
  const clockEnv = deps.functionTime.processEnv();
  if (clockEnv['LD_PRELOAD'])
    clockEnv['LD_PRELOAD'] = mergePreload(clockEnv['LD_PRELOAD'], env['LD_PRELOAD']);
  const libraryDir = deps.functionTime.libraryDir;
  const command = deps.sandbox.command({
    command: launch.command,
    env,
    innerEnv: clockEnv,
    codeDir: spec.codeDir,
    tmpDir: placement.tmpDir,
    mounts: [...launch.mounts, ...(libraryDir ? [{ host: libraryDir, inside: libraryDir }] : [])],
    socketDir: placement.socketDir,
    netns: placement.netns,
    cgroupProcs: input.cgroup?.procsFiles ?? [],
  });
  try {
    // Its own process group, so a kill reaches whatever it starts (without bubblewrap too).
    const child = spawn(command.file, command.args, {
      env: command.env,
      cwd: command.cwd,
      stdio: ['ignore', 'pipe', 'pipe', ...command.fds],
      detached: true,
    }) as ChildProcessByStdio<null, Readable, Readable>;
    return { child, interpreter: launch.interpreter };
  } finally {
    for (const fd of command.fds) closeSync(fd);
  }
}

/** SIGKILLs the process group and anything left in the cgroup; resolves once the process exited. */
export function killProcessTree(child: ChildProcess, cgroup: EnvironmentCgroup | undefined): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => setImmediate(resolve)));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  for (const pid of cgroup?.pids() ?? []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  return exited;
}

/** Peak resident memory of a process tree, from /proc (the fallback without cgroups). */
export function peakRssKb(pid: number): number {
  let peak = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    peak = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const child of children ? children.split(' ') : []) peak = Math.max(peak, peakRssKb(Number(child)));
  } catch {
    // the process is gone
  }
  return peak;
}

/** A group can only be removed once the kernel has finished tearing its processes down. */
export function removeCgroupSoon(cgroup: EnvironmentCgroup, clock: Clock, attempt = 0): void {
  if (cgroup.remove() || attempt > 50) return;
  clock.setTimer(20, () => removeCgroupSoon(cgroup, clock, attempt + 1));
}
