import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Memory limits through the cgroup v1 memory controller. gradual makes one group for itself,
 * nested under the group it runs in (so whoever accounts for gradual still accounts for its
 * functions), and one group per environment inside that. Where the controller is missing or not
 * writable, `openMemoryCgroups` returns undefined and the runtimes fall back to their own heap limits.
 */
export interface MemoryCgroups {
  /** The group gradual's environments live under. */
  readonly root: string;
  /** Creates an empty group limited to `limitBytes`; the caller moves the process in. */
  create(name: string, limitBytes: number): EnvironmentCgroup;
  /**
   * Removes gradual's group and what is left in it, retrying while the kernel finishes tearing
   * down processes that were just killed.
   */
  close(sleep: (ms: number) => Promise<void>): Promise<void>;
}

export interface EnvironmentCgroup {
  readonly path: string;
  /** The file a process writes its pid into to join. */
  readonly procsFile: string;
  /** Highest memory use so far, in bytes. */
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

/** Where this process's memory cgroup is, from /proc/self/cgroup and /proc/self/mountinfo. */
export function ownMemoryCgroupDir(): string | undefined {
  let membership: string;
  let mounts: string;
  try {
    membership = readFileSync('/proc/self/cgroup', 'utf8');
    mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  const line = membership.split('\n').find((l) => l.split(':')[1]?.split(',').includes('memory'));
  if (!line) return undefined;
  const groupPath = line.split(':').slice(2).join(':');
  for (const mount of mounts.split('\n')) {
    const [before, after] = mount.split(' - ');
    if (!before || !after) continue;
    const [fsType, , options] = after.split(' ');
    if (fsType !== 'cgroup' || !options?.split(',').includes('memory')) continue;
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

/**
 * Sets up gradual's group under this process's own memory cgroup, first removing groups that
 * earlier gradual processes (now dead) left behind. Undefined when cgroups cannot be used here.
 */
export function openMemoryCgroups(tag: string, base = ownMemoryCgroupDir()): MemoryCgroups | undefined {
  if (!base || !existsSync(join(base, 'memory.limit_in_bytes'))) return undefined;
  try {
    for (const entry of readdirSync(base)) {
      const owner = /^gradual-(\d+)-/.exec(entry);
      if (owner && !pidAlive(Number(owner[1]))) removeTree(join(base, entry));
    }
    const root = join(base, `gradual-${process.pid}-${tag}`);
    mkdirSync(root);
    return {
      root,
      create(name, limitBytes) {
        const path = join(root, name);
        mkdirSync(path);
        writeFileSync(join(path, 'memory.limit_in_bytes'), String(limitBytes));
        // No swap on top of the limit, where swap accounting exists.
        if (existsSync(join(path, 'memory.memsw.limit_in_bytes'))) {
          try {
            writeFileSync(join(path, 'memory.memsw.limit_in_bytes'), String(limitBytes));
          } catch {
            // swap accounting present but not adjustable: the memory limit still holds
          }
        }
        return {
          path,
          procsFile: join(path, 'cgroup.procs'),
          maxUsageBytes: () => readNumber(join(path, 'memory.max_usage_in_bytes')),
          oomKills() {
            try {
              const text = readFileSync(join(path, 'memory.oom_control'), 'utf8');
              const kills = /oom_kill (\d+)/.exec(text);
              // Older kernels have no counter: fall back to "the limit was hit".
              return kills ? Number(kills[1]) : readNumber(join(path, 'memory.failcnt')) > 0 ? 1 : 0;
            } catch {
              return 0;
            }
          },
          pids: () => readPids(path),
          remove() {
            try {
              rmdirSync(path);
              return true;
            } catch {
              return !existsSync(path);
            }
          },
        };
      },
      async close(sleep) {
        for (let attempt = 0; attempt < 100 && existsSync(root); attempt++) {
          removeTree(root);
          if (existsSync(root)) await sleep(10);
        }
      },
    };
  } catch {
    return undefined;
  }
}
