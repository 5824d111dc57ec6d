import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { findProgram } from './programs.js';
import { HOST_ID, isRoot } from './sandbox-user.js';
import { Spares } from './spares.js';

const run = promisify(execFile);

/**
 * An environment's /tmp, sized to the function's EphemeralStorage (512 MB to 10,240 MB) with
 * ENOSPC beyond, as on Lambda: a sparse file formatted as ext4 and loop-mounted. Disk-backed like
 * Lambda's /tmp, so what a function keeps there does not count against its memory (a tmpfs
 * would). It lives as long as the environment, across restarts of its process.
 */
export interface TmpVolume {
  /** The mounted file system's root, owned by the sandbox's host uid. */
  readonly dir: string;
  readonly sizeMb: number;
  release(): Promise<void>;
}

/** The size every function gets unless it asks for more: kept formatted ahead. */
const DEFAULT_MB = 512;
const MiB = 1024 * 1024;

/** Why sized volumes cannot be made here, or undefined when they can. */
export function volumesUnavailable(): string | undefined {
  if (!isRoot()) return 'gradual is not running as root';
  if (!existsSync('/dev/loop-control')) return 'this machine has no loop devices';
  const missing = ['mkfs.ext4', 'mount', 'umount'].filter((p) => !findProgram(p));
  return missing.length ? `${missing.join(', ')} not installed` : undefined;
}

/**
 * The image's size for a usable capacity of `sizeMb`: ext4 keeps ~3% for inode tables and
 * bitmaps, added back so a function can write what it asked for.
 */
export function imageBytes(sizeMb: number): number {
  return Math.ceil(sizeMb * 1.035 + 4) * MiB;
}

export class TmpVolumes {
  private readonly spares: Spares<TmpVolume>;

  constructor(
    private readonly deps: { random: Random; log: Log },
    private readonly root: string,
  ) {
    // Searchable: bubblewrap, as the sandbox's uid, binds a volume from here by path.
    mkdirSync(root, { recursive: true, mode: 0o711 });
    this.spares = new Spares(
      () => this.make(DEFAULT_MB),
      (v) => v.release(),
      1,
      deps.log,
      'a /tmp volume',
    );
  }

  take(sizeMb: number): Promise<TmpVolume> {
    return sizeMb === DEFAULT_MB ? this.spares.take() : this.make(sizeMb);
  }

  /** Makes up the stock again (after a cold start is over). */
  refill(): void {
    this.spares.fill();
  }

  close(): Promise<void> {
    return this.spares.close();
  }

  private async make(sizeMb: number): Promise<TmpVolume> {
    const id = this.deps.random.hex(8);
    const image = join(this.root, `${id}.img`);
    const dir = join(this.root, id);
    mkdirSync(dir, { mode: 0o700 });
    const release = async (): Promise<void> => {
      // Lazy: a process still dying keeps no one waiting; the loop device frees itself after.
      await run('umount', ['-l', dir]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      rmSync(image, { force: true });
    };
    try {
      writeFileSync(image, '');
      truncateSync(image, imageBytes(sizeMb));
      // No journal (a /tmp need not survive a crash), no reserved blocks, tables initialised lazily.
      await run('mkfs.ext4', [
        '-q',
        '-F',
        '-O',
        '^has_journal',
        '-m',
        '0',
        '-E',
        `root_owner=${HOST_ID.uid}:${HOST_ID.gid},lazy_itable_init=1,nodiscard`,
        image,
      ]);
      await run('mount', ['-o', 'loop,nosuid,nodev', image, dir]);
      // Lambda's /tmp starts empty.
      rmSync(join(dir, 'lost+found'), { recursive: true, force: true });
      chownSync(dir, HOST_ID.uid, HOST_ID.gid);
      return { dir, sizeMb, release };
    } catch (error) {
      await release();
      throw error;
    }
  }
}
