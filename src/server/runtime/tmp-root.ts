import { mkdirSync, readdirSync, rmSync } from 'node:fs';
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

/**
 * The host directory holding every environment's private /tmp for one server process, outside
 * the data dir (which no function may see). Directories left by servers that died are removed.
 */
export function makeTmpRoot(tag: string, base = tmpdir()): string {
  for (const entry of readdirSync(base)) {
    const owner = /^gradual-env-(\d+)-/.exec(entry);
    if (!owner || alive(Number(owner[1]))) continue;
    try {
      rmSync(join(base, entry), { recursive: true, force: true });
    } catch {
      // Something of it is still in use (a mount left behind): leftovers must not stop a start.
    }
  }
  const root = join(base, `gradual-env-${process.pid}-${tag}`);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return root;
}
