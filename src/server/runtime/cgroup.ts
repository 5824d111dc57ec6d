import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Limits through cgroup v1 controllers: `memory` (MemorySize) and `pids` (Lambda's 1,024 processes
 * and threads per environment). gradual makes one group for itself under the group it runs in, per
 * controller (so whoever accounts for gradual still accounts for its functions), and one group per
 * environment inside that. A controller that is missing or not writable is left out; start-up
 * says so, and the runtimes fall back to their own heap limits for memory.
 */
export type Controller = 'memory' | 'pids';

export interface Cgroups {
  /** The groups gradual's environments live under, one per controller in use. */
  readonly roots: Readonly<Partial<Record<Controller, string>>>;
  /** Creates an empty group in every controller; the caller moves the process in. */
  create(name: string, limits: { memoryBytes: number; pidsMax: number }): EnvironmentCgroup;
  /**
   * Removes gradual's groups and what is left in them, retrying while the kernel finishes tearing
   * down processes that were just killed.
   */
  close(sleep: (ms: number) => Promise<void>): Promise<void>;
}

export interface EnvironmentCgroup {
  /** The files a process writes its pid into to join: one per controller. */
  readonly procsFiles: readonly string[];
  /** True when the memory controller enforces the limit. */
  readonly memoryEnforced: boolean;
  /** Highest memory use so far, in bytes (0 without the memory controller). */
  maxUsageBytes(): number;
  /** Times the kernel's OOM killer acted in this group. */
  oomKills(): number;
  /** Pids still in the group. */
  pids(): number[];
  /** Removes the group; it must be empty. Returns false if it is not (yet). */
  remove(): boolean;
}

function readNumber(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/** Where this process's cgroup of a v1 controller is, from /proc/self/cgroup and /proc/self/mountinfo. */
export function ownCgroupDir(controller: Controller): string | undefined {
  let membership: string;
  let mounts: string;
  try {
    membership = readFileSync('/proc/self/cgroup', 'utf8');
    mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  const line = membership.split('\n').find((l) => l.split(':')[1]?.split(',').includes(controller));
  if (!line) return undefined;
  const groupPath = line.split(':').slice(2).join(':');
  for (const mount of mounts.split('\n')) {
    const [before, after] = mount.split(' - ');
    if (!before || !after) continue;
    const [fsType, , options] = after.split(' ');
    if (fsType !== 'cgroup' || !options?.split(',').includes(controller)) continue;
    const fields = before.split(' ');
    const mountRoot = fields[3] ?? '/';
    const mountPoint = fields[4] ?? '';
    const relative = mountRoot === '/' ? groupPath : groupPath.slice(mountRoot.length);
    if (mountRoot !== '/' && !groupPath.startsWith(mountRoot)) continue;
    return join(mountPoint, relative);
  }
  return undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPids(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Kills what is left in a group and its children, then removes them (best effort). */
function removeTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeTree(join(dir, entry.name));
  }
  for (const pid of readPids(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  try {
    rmdirSync(dir);
  } catch {
    // still has tasks exiting; a later sweep gets it
  }
}

const LIMIT_FILE: Record<Controller, string> = { memory: 'memory.limit_in_bytes', pids: 'pids.max' };

/** gradual's own group under one controller, after removing those of dead gradual processes. */
function openRoot(controller: Controller, tag: string, base: string | undefined): string | undefined {
  // The hierarchy's root group has no limit file of its own; its children do.
  if (!base || !existsSync(join(base, 'cgroup.procs'))) return undefined;
  try {
    for (const entry of readdirSync(base)) {
      const owner = /^gradual-(\d+)-/.exec(entry);
      if (owner && !pidAlive(Number(owner[1]))) removeTree(join(base, entry));
    }
    const root = join(base, `gradual-${process.pid}-${tag}`);
    mkdirSync(root);
    if (!existsSync(join(root, LIMIT_FILE[controller]))) {
      rmdirSync(root);
      return undefined;
    }
    return root;
  } catch {
    return undefined;
  }
}

function makeGroup(root: string, name: string, file: string, limit: number): string {
  const path = join(root, name);
  mkdirSync(path);
  writeFileSync(join(path, file), String(limit));
  return path;
}

function memoryGroup(root: string, name: string, limitBytes: number): string {
  const path = makeGroup(root, name, LIMIT_FILE.memory, limitBytes);
  // No swap on top of the limit, where swap accounting exists.
  if (existsSync(join(path, 'memory.memsw.limit_in_bytes'))) {
    try {
      writeFileSync(join(path, 'memory.memsw.limit_in_bytes'), String(limitBytes));
    } catch {
      // swap accounting present but not adjustable: the memory limit still holds
    }
  }
  return path;
}

function oomKills(path: string): number {
  try {
    const text = readFileSync(join(path, 'memory.oom_control'), 'utf8');
    const kills = /oom_kill (\d+)/.exec(text);
    // Older kernels have no counter: fall back to "the limit was hit".
    return kills ? Number(kills[1]) : readNumber(join(path, 'memory.failcnt')) > 0 ? 1 : 0;
  } catch {
    return 0;
  }
}

/**
 * A number file read again and again through one open descriptor: a read at offset 0 costs a few
 * microseconds where opening the file each time cost about 20 (measured under load).
 */
class NumberFile {
  private fd: number | undefined;
  private readonly buffer = Buffer.alloc(32);

  constructor(private readonly path: string) {}

  read(): number {
    try {
      this.fd ??= openSync(this.path, 'r');
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      return Number(this.buffer.toString('latin1', 0, n).trim()) || 0;
    } catch {
      return 0;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function removeDir(path: string): boolean {
  try {
    rmdirSync(path);
    return true;
  } catch {
    return !existsSync(path);
  }
}

/**
 * Opens every controller it can. Undefined when none can be used here; `bases` overrides where
 * each controller's own group is (tests).
 */
export function openCgroups(
  tag: string,
  bases: Partial<Record<Controller, string | undefined>> = {
    memory: ownCgroupDir('memory'),
    pids: ownCgroupDir('pids'),
  },
): Cgroups | undefined {
  const memoryRoot = openRoot('memory', tag, bases.memory);
  const pidsRoot = openRoot('pids', tag, bases.pids);
  if (!memoryRoot && !pidsRoot) return undefined;
  const roots = { ...(memoryRoot ? { memory: memoryRoot } : {}), ...(pidsRoot ? { pids: pidsRoot } : {}) };
  return {
    roots,
    create(name, limits) {
      const memory = memoryRoot ? memoryGroup(memoryRoot, name, limits.memoryBytes) : undefined;
      const pids = pidsRoot ? makeGroup(pidsRoot, name, LIMIT_FILE.pids, limits.pidsMax) : undefined;
      const dirs = [memory, pids].filter((d): d is string => d !== undefined);
      const maxUsage = memory ? new NumberFile(join(memory, 'memory.max_usage_in_bytes')) : undefined;
      return {
        procsFiles: dirs.map((d) => join(d, 'cgroup.procs')),
        memoryEnforced: memory !== undefined,
        maxUsageBytes: () => maxUsage?.read() ?? 0,
        oomKills: () => (memory ? oomKills(memory) : 0),
        pids: () => [...new Set(dirs.flatMap(readPids))],
        remove: () => {
          maxUsage?.close();
          return dirs.map(removeDir).every(Boolean);
        },
      };
    },
    async close(sleep) {
      for (const root of Object.values(roots)) {
        for (let attempt = 0; attempt < 100 && existsSync(root); attempt++) {
          removeTree(root);
          if (existsSync(root)) await sleep(10);
        }
      }
    },
  };
}
