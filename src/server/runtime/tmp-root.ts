import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Mount points under `dir` (its environments' /tmp volumes), deepest first. */
export function mountsUnder(dir: string, mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .map((path) => path.replace(/\\040/g, ' '))
    .filter((path) => path.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
}

function unmountUnder(dir: string): void {
  let info: string;
  try {
    info = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return;
  }
  for (const mount of mountsUnder(dir, info)) {
    try {
      execFileSync('umount', ['-l', mount], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // not ours to unmount, or gone: rmSync below leaves what it cannot remove
    }
  }
}

/**
 * The host directory holding every environment's private /tmp for one server process, outside
 * the data dir (which no function may see). Directories (and /tmp volumes still mounted) left by
 * servers that died are removed. Searchable but not listable by others: the sandbox's own uid
 * reaches its environment's sockets there by name.
 */
export function makeTmpRoot(tag: string, base = tmpdir()): string {
  for (const entry of readdirSync(base)) {
    const owner = /^gradual-env-(\d+)-/.exec(entry);
    if (owner && !alive(Number(owner[1]))) {
      unmountUnder(join(base, entry));
      try {
        rmSync(join(base, entry), { recursive: true, force: true });
      } catch {
        // Still busy (a mount another process holds): left for a later start, never fatal to this one.
      }
    }
  }
  const root = join(base, `gradual-env-${process.pid}-${tag}`);
  mkdirSync(root, { recursive: true, mode: 0o711 });
  return root;
}

/** Removes a tmp root at shutdown, unmounting whatever is still mounted in it. */
export function removeTmpRoot(root: string): void {
  unmountUnder(root);
  rmSync(root, { recursive: true, force: true });
}
