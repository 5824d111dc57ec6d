import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small tmpfs, for tests of a full disk (mounting needs root, as in CI). */
export interface Tmpfs {
  dir: string;
  /** Free bytes, as an unprivileged writer sees them. */
  free(): number;
  /** Writes a file of zeros of `bytes` (or until the disk is full, for Infinity). */
  fill(name: string, bytes: number): void;
  unmount(): void;
}

/** Whether this process may mount a tmpfs (root on Linux). */
export function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    const probe = mountTmpfs(1);
    probe.unmount();
    return true;
  } catch {
    return false;
  }
}

export function mountTmpfs(megabytes: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  return {
    dir,
    free() {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    },
    fill(name, bytes) {
      const fd = openSync(join(dir, name), 'a');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (let written = 0; written < bytes;) {
          const n = Math.min(chunk.length, bytes - written);
          writeSync(fd, chunk, 0, n);
          written += n;
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    unmount() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
