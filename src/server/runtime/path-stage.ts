import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/**
 * bubblewrap runs as the sandbox's unprivileged host uid and resolves every directory it binds by
 * path, as that uid. A directory it cannot reach (a data dir under /root, a checkout in a 0700
 * folder) is bind-mounted once, read-only, into gradual's own tmp root, which it can.
 */
export interface PathStage {
  /** The path to bind for `path`: itself, or where its staged ancestor appears. */
  reach(path: string): string;
}

/** Can anyone (not only the owner) search every directory from / down to `path`? */
export function searchableByOthers(path: string, stat: (p: string) => { mode: number } = statSync): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      if (!(stat(dir).mode & 0o001)) return false;
    } catch {
      return false;
    }
    if (dir === dirname(dir)) return true;
  }
}

/** Rewrites `path` into the staged copy of its deepest staged ancestor (pure). */
export function rewrite(path: string, staged: ReadonlyMap<string, string>): string {
  let best: [string, string] | undefined;
  for (const [from, to] of staged) {
    if ((path === from || path.startsWith(from + sep)) && (!best || from.length > best[0].length))
      best = [from, to];
  }
  return best ? best[1] + path.slice(best[0].length) : path;
}

/** Stages the `roots` the sandbox's uid cannot reach under `dir` (needs root to mount). */
export function stagePaths(roots: readonly string[], dir: string): PathStage {
  const staged = new Map<string, string>();
  for (const root of roots) {
    if (searchableByOthers(root)) continue;
    const target = join(dir, String(staged.size));
    mkdirSync(target, { recursive: true, mode: 0o755 });
    execFileSync('mount', ['--bind', '-o', 'ro', root, target], { stdio: 'ignore', timeout: 10_000 });
    staged.set(root, target);
  }
  return { reach: (path) => rewrite(path, staged) };
}

export const unstaged: PathStage = { reach: (path) => path };
