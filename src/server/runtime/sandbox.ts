import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';

/**
 * How an environment's process is isolated. `bwrap`: bubblewrap gives it its own mount, pid, ipc
 * and uts namespaces, with the code read-only at /var/task, a private /tmp, the system's /usr
 * read-only, and nothing else of the host's file system (not the data dir, not other functions'
 * code). `process`: a plain child process, for machines without bubblewrap; it sees what the
 * server sees, so start-up logs a warning.
 */
export type SandboxMode = 'bwrap' | 'process';

/** A host directory shown read-only inside the sandbox. */
export interface Mount {
  host: string;
  inside: string;
}

export interface SandboxSpec {
  /** The program and its arguments, with paths as the sandbox sees them (see `insidePath`). */
  command: readonly string[];
  env: Readonly<Record<string, string>>;
  /** Host directories: the function's code (read-only) and its private /tmp (writable). */
  codeDir: string;
  tmpDir: string;
  /** More read-only directories: the bootstraps, an interpreter outside /usr, the SDK. */
  mounts: readonly Mount[];
  /** A cgroup's `cgroup.procs`: the launcher joins it before anything else runs. */
  cgroupProcs: string | undefined;
}

export interface Spawnable {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export const TASK_ROOT = '/var/task';
export const RUNTIME_ROOT = '/var/runtime';

/**
 * The launcher: joins the cgroup (so every later process, bubblewrap included, is counted),
 * sends stderr to stdout (one ordered log stream), then becomes the real command.
 */
const LAUNCHER = 'if [ -n "$1" ]; then echo $$ > "$1" || exit 125; fi; shift; exec "$@" 2>&1';

/** System paths the sandbox shows read-only: enough for node, python and a shell to work. */
const ETC_FILES = [
  'resolv.conf',
  'hosts',
  'nsswitch.conf',
  'host.conf',
  'gai.conf',
  'passwd',
  'group',
  'localtime',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'ssl',
  'ca-certificates',
  'alternatives',
  'mime.types',
];
const TOP_LEVEL = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

/** `/bin` and friends as the host has them: symlinks into /usr (merged /usr) or directories. */
function hostTopLevel(): string[] {
  const args: string[] = [];
  for (const name of TOP_LEVEL) {
    const path = `/${name}`;
    if (!existsSync(path)) continue;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else if (stat.isDirectory()) args.push('--ro-bind', path, path);
  }
  return args;
}

export function bwrapArguments(spec: SandboxSpec, topLevel: readonly string[] = hostTopLevel()): string[] {
  return [
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--ro-bind',
    '/usr',
    '/usr',
    ...topLevel,
    ...ETC_FILES.flatMap((f) => ['--ro-bind-try', `/etc/${f}`, `/etc/${f}`]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--bind',
    spec.tmpDir,
    '/tmp',
    '--ro-bind',
    spec.codeDir,
    TASK_ROOT,
    ...spec.mounts.flatMap((m) => ['--ro-bind', m.host, m.inside]),
    '--chdir',
    TASK_ROOT,
    '--',
    ...spec.command,
  ];
}

export class Sandbox {
  private constructor(
    readonly mode: SandboxMode,
    private readonly bwrapPath: string,
    private readonly setprivPath: string | undefined,
  ) {}

  /**
   * Picks bubblewrap when it is installed and works here (it needs user namespaces when not run
   * as root), else a plain process. `prefer: 'process'` forces the fallback.
   */
  static detect(prefer: 'auto' | SandboxMode = 'auto'): Sandbox {
    const setpriv = findProgram('setpriv');
    if (prefer === 'process') return new Sandbox('process', 'bwrap', setpriv);
    const bwrap = findProgram('bwrap');
    if (bwrap) {
      const probe = spawnSync(
        bwrap,
        ['--ro-bind', '/', '/', '--unshare-pid', '--die-with-parent', '--', 'true'],
        { stdio: 'ignore', timeout: 5000 },
      );
      if (probe.status === 0) return new Sandbox('bwrap', bwrap, setpriv);
    }
    if (prefer === 'bwrap') throw new Error('bubblewrap (bwrap) is not installed or cannot run here');
    return new Sandbox('process', 'bwrap', setpriv);
  }

  /** Where a host directory appears inside: code at /var/task, read-only mounts where mounted. */
  taskRoot(codeDir: string): string {
    return this.mode === 'bwrap' ? TASK_ROOT : codeDir;
  }

  insidePath(mount: Mount): string {
    return this.mode === 'bwrap' ? mount.inside : mount.host;
  }

  command(spec: SandboxSpec): Spawnable {
    const launcher = ['-c', LAUNCHER, 'gradual-environment', spec.cgroupProcs ?? ''];
    if (this.mode === 'bwrap') {
      return {
        file: '/bin/sh',
        args: [...launcher, this.bwrapPath, ...bwrapArguments(spec)],
        env: { ...spec.env },
        cwd: '/',
      };
    }
    // No namespaces: at least make the process die with the server.
    const deathSignal = this.setprivPath ? [this.setprivPath, '--pdeathsig', 'KILL', '--'] : [];
    return {
      file: '/bin/sh',
      args: [...launcher, ...deathSignal, ...spec.command],
      env: { ...spec.env },
      cwd: spec.codeDir,
    };
  }
}

function findProgram(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '/usr/bin:/bin').split(':')) {
    const candidate = `${dir}/${name}`;
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
