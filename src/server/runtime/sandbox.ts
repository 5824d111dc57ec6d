import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stagePaths, unstaged, type PathStage } from './path-stage.js';
import { findProgram } from './programs.js';
import { compileSeccompFilter } from './seccomp-filter.js';
import { hostArch } from './seccomp-syscalls.js';
import { HOST_ID, isRoot, SANDBOX_USER, sandboxGroup, sandboxPasswd } from './sandbox-user.js';

/**
 * How an environment's process is isolated. `bwrap`: bubblewrap puts it in its own user, mount,
 * pid, ipc, uts and cgroup namespaces (and network namespace, see network-slots.ts) as Lambda's
 * unprivileged `sbx_user1051`, with no capabilities, no new privileges and a seccomp filter; it
 * sees the code read-only at /var/task, its own /tmp, the system's /usr read-only, and nothing
 * else of the host's file system. `process`: a plain child process running as gradual's own
 * user, for machines without bubblewrap; it sees what the server sees, so start-up says so.
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
  /**
   * Variables for the function's own processes only, not for the launcher or bubblewrap: the
   * rehearsal clock's LD_PRELOAD, whose first loader keeps the clock's start in /dev/shm, which
   * must be the sandbox's own /dev/shm for the processes inside to share it.
   */
  innerEnv: Readonly<Record<string, string>>;
  /** Host directories: the function's code (read-only) and its private /tmp (writable). */
  codeDir: string;
  tmpDir: string;
  /** More read-only directories: the bootstraps, an interpreter outside /usr, the SDK. */
  mounts: readonly Mount[];
  /** Host directory holding the Runtime API's socket, shown at SOCKET_DIR. */
  socketDir: string;
  /** The environment's network namespace (`/proc/<pid>/ns/net`); undefined shares the host's. */
  netns: string | undefined;
  /** The cgroups' `cgroup.procs` files: the launcher joins them before anything else runs. */
  cgroupProcs: readonly string[];
}

export interface Spawnable {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Open descriptors the child gets as fds 3, 4, ...; close them once spawned. */
  fds: number[];
}

export const TASK_ROOT = '/var/task';
export const RUNTIME_ROOT = '/var/runtime';
/** Where the environment's Runtime API socket is inside the sandbox. */
export const SOCKET_DIR = '/run/gradual';

/**
 * The launcher: joins the cgroups (so every later process, bubblewrap included, is counted),
 * sends stderr to stdout (one ordered log stream), then becomes the real command.
 */
const LAUNCHER = 'IFS=:; for f in $1; do echo $$ > "$f" || exit 125; done; unset IFS; shift; exec "$@" 2>&1';

/** System paths the sandbox shows read-only: enough for node, python and a shell to work. */
const ETC_FILES = [
  'hosts',
  'nsswitch.conf',
  'host.conf',
  'gai.conf',
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

/** Files gradual writes once for every sandbox: who exists, where DNS is, the seccomp program. */
interface SandboxFiles {
  dir: string;
  seccomp: string | undefined;
  /** resolv.conf for environments with a private network (slirp4netns answers DNS at 10.0.2.3). */
  privateResolvConf: string;
}

export interface BwrapInput {
  spec: SandboxSpec;
  files: SandboxFiles;
  /** Host paths as bubblewrap (the sandbox's host uid) reaches them. */
  stage: PathStage;
  /** The descriptor bubblewrap reads the seccomp program from. */
  seccompFd: number | undefined;
}

export function bwrapArguments(input: BwrapInput, topLevel: readonly string[] = hostTopLevel()): string[] {
  const { spec, files, stage, seccompFd } = input;
  const bind = (flag: string, host: string, inside: string): string[] => [flag, stage.reach(host), inside];
  const resolv = spec.netns ? files.privateResolvConf : '/etc/resolv.conf';
  return [
    '--die-with-parent',
    '--new-session',
    // No --disable-userns: the seccomp filter already refuses new user namespaces, and bubblewrap's
    // way (a nested namespace) costs every start.
    '--unshare-user',
    '--uid',
    String(SANDBOX_USER.uid),
    '--gid',
    String(SANDBOX_USER.gid),
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--cap-drop',
    'ALL',
    '--ro-bind',
    '/usr',
    '/usr',
    ...topLevel,
    ...ETC_FILES.flatMap((f) => ['--ro-bind-try', `/etc/${f}`, `/etc/${f}`]),
    ...bind('--ro-bind', join(files.dir, 'passwd'), '/etc/passwd'),
    ...bind('--ro-bind', join(files.dir, 'group'), '/etc/group'),
    ...bind('--ro-bind', resolv, '/etc/resolv.conf'),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    ...bind('--ro-bind', spec.codeDir, TASK_ROOT),
    ...bind('--bind', spec.tmpDir, '/tmp'),
    ...bind('--ro-bind', spec.socketDir, SOCKET_DIR),
    ...spec.mounts.flatMap((m) => bind('--ro-bind', m.host, m.inside)),
    ...(seccompFd !== undefined ? ['--seccomp', String(seccompFd)] : []),
    ...Object.entries(spec.innerEnv).flatMap(([name, value]) => ['--setenv', name, value]),
    '--chdir',
    TASK_ROOT,
    '--',
    ...spec.command,
  ];
}

export class Sandbox {
  private constructor(
    readonly mode: SandboxMode,
    private readonly programs: { bwrap: string; setpriv?: string; nsenter?: string },
    private readonly files: SandboxFiles | undefined,
    private readonly stage: PathStage = unstaged,
  ) {}

  /**
   * Picks bubblewrap when it is installed and works here with a user namespace, else a plain
   * process. `prefer: 'process'` forces the fallback. `place.dir` is where the sandbox's own files
   * go; `place.roots` are the host directories functions' mounts come from (code store,
   * bootstraps, ...), staged there when the sandbox's uid cannot reach them.
   */
  static detect(
    prefer: 'auto' | SandboxMode = 'auto',
    place?: { dir: string; roots: readonly string[] },
  ): Sandbox {
    const setpriv = findProgram('setpriv');
    const nsenter = findProgram('nsenter');
    const fallback = new Sandbox('process', { bwrap: 'bwrap', setpriv }, undefined);
    if (prefer === 'process') return fallback;
    const bwrap = findProgram('bwrap');
    if (bwrap && place) {
      const files = writeSandboxFiles(place.dir);
      const stage = isRoot() ? stagePaths(place.roots, join(place.dir, 'stage')) : unstaged;
      const sandbox = new Sandbox('bwrap', { bwrap, setpriv, nsenter }, files, stage);
      if (sandbox.works()) return sandbox;
    }
    if (prefer === 'bwrap') throw new Error('bubblewrap (bwrap) is not installed or cannot run here');
    return fallback;
  }

  /** Runs `true` in the sandbox exactly as functions will be run (user namespace, seccomp). */
  private works(): boolean {
    const empty = this.files!.dir;
    const launch = this.command({
      command: ['/bin/true'],
      env: {},
      innerEnv: {},
      codeDir: empty,
      tmpDir: empty,
      mounts: [],
      socketDir: empty,
      netns: undefined,
      cgroupProcs: [],
    });
    try {
      const probe = spawnSync(launch.file, launch.args, {
        stdio: ['ignore', 'ignore', 'ignore', ...launch.fds],
        timeout: 5000,
      });
      return probe.status === 0;
    } finally {
      for (const fd of launch.fds) closeSync(fd);
    }
  }

  /** Where a host directory appears inside: code at /var/task, read-only mounts where mounted. */
  taskRoot(codeDir: string): string {
    return this.mode === 'bwrap' ? TASK_ROOT : codeDir;
  }

  insidePath(mount: Mount): string {
    return this.mode === 'bwrap' ? mount.inside : mount.host;
  }

  /** Where the Runtime API socket is, as the process sees it. */
  socketDir(hostDir: string): string {
    return this.mode === 'bwrap' ? SOCKET_DIR : hostDir;
  }

  command(spec: SandboxSpec): Spawnable {
    const launcher = ['-c', LAUNCHER, 'gradual-environment', spec.cgroupProcs.join(':')];
    const files = this.files;
    if (this.mode === 'process' || !files) {
      // No namespaces: at least make the process die with the server.
      const setpriv = this.programs.setpriv;
      const deathSignal = setpriv ? [setpriv, '--pdeathsig', 'KILL', '--'] : [];
      return {
        file: '/bin/sh',
        args: [...launcher, ...deathSignal, ...spec.command],
        env: { ...spec.env, ...spec.innerEnv },
        cwd: spec.codeDir,
        fds: [],
      };
    }
    const fds: number[] = [];
    try {
      // Opened here, by gradual: bubblewrap reads the program from fd 3.
      if (files.seccomp) fds.push(openSync(files.seccomp, 'r'));
      const seccompFd = files.seccomp ? 3 : undefined;
      const args = bwrapArguments({ spec, files, stage: this.stage, seccompFd });
      return {
        file: '/bin/sh',
        args: [...launcher, ...this.dropPrivileges(spec.netns), this.programs.bwrap, ...args],
        env: { ...spec.env },
        cwd: '/',
        fds,
      };
    } catch (error) {
      for (const fd of fds) closeSync(fd);
      throw error;
    }
  }

  /**
   * As root: enter the environment's network namespace, then become the sandbox's host uid
   * before bubblewrap runs, so the user namespace maps the function to that uid, not to root.
   */
  private dropPrivileges(netns: string | undefined): string[] {
    if (!isRoot()) return [];
    const { nsenter, setpriv } = this.programs;
    if (netns && nsenter)
      return [nsenter, `--net=${netns}`, '-S', String(HOST_ID.uid), '-G', String(HOST_ID.gid), '--'];
    if (!setpriv) throw new Error('setpriv (util-linux) is needed to run functions unprivileged');
    return [setpriv, `--reuid=${HOST_ID.uid}`, `--regid=${HOST_ID.gid}`, '--clear-groups', '--'];
  }
}

function writeSandboxFiles(dir: string): SandboxFiles {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  writeFileSync(join(dir, 'passwd'), sandboxPasswd(), { mode: 0o644 });
  writeFileSync(join(dir, 'group'), sandboxGroup(), { mode: 0o644 });
  const privateResolvConf = join(dir, 'resolv.conf');
  writeFileSync(privateResolvConf, 'nameserver 10.0.2.3\n', { mode: 0o644 });
  const arch = hostArch();
  let seccomp: string | undefined;
  if (arch) {
    seccomp = join(dir, 'seccomp.bpf');
    writeFileSync(seccomp, compileSeccompFilter(arch), { mode: 0o644 });
  }
  return { dir, seccomp, privateResolvConf };
}
