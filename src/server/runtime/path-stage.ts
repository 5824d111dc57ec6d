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

/**
 * Can anyone (not only the owner) search every directory above `path`, so that bubblewrap, as
 * another uid, can resolve it? (What the path itself lets the function read is its own mode's
 * business, staged or not.)
 */
export function searchableByOthers(path: string, stat: (p: string) => { mode: number } = statSync): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
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

/**
 * Stages the `roots` the sandbox's uid cannot reach under `dir` now (needs root to mount), and any
 * other unreachable path the first time it is asked for (an interpreter found only when a function
 * of its runtime starts).
 */
export function stagePaths(roots: readonly string[], dir: string): PathStage {
  const staged = new Map<string, string>();
  const known = new Map<string, boolean>();
  const stage = (root: string): void => {
    const target = join(dir, String(staged.size));
    mkdirSync(target, { recursive: true, mode: 0o755 });
    execFileSync('mount', ['--bind', '-o', 'ro', root, target], { stdio: 'ignore', timeout: 10_000 });
    staged.set(root, target);
  };
  const reachable = (path: string): boolean => {
    let yes = known.get(path);
    if (yes === undefined) known.set(path, (yes = searchableByOthers(path)));
    return yes;
  };
  for (const root of roots) if (!reachable(root)) stage(root);
  return {
    reach(path) {
      const rewritten = rewrite(path, staged);
      if (rewritten !== path || reachable(path)) return rewritten;
      stage(path);
      return rewrite(path, staged);
    },
  };
}

export const unstaged: PathStage = { reach: (path) => path };
