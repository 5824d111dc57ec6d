import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a server keeps its state, as both sides know it: `serve` picks the folder, client
 * commands read the server's credentials from it.
 */
export const DEFAULT_DATA_DIR = './.gradual';
/**
 * A rehearsal (`--time-scale`) keeps its own: its clock runs ahead of the real one, and its
 * deployments, metrics and logs dated hours ahead must not mix with a real-time timeline.
 */
export const REHEARSAL_DATA_DIR = './.gradual-rehearsal';
/** The running server's pid, in its data dir (one server per data dir). */
export const SERVER_PID_FILE = 'server.pid';

/** Whether the server whose pid `dir` holds is alive (a pid left by `kill -9` is not). */
export function running(dir: string): boolean {
  try {
    const pid = Number(readFileSync(join(dir, SERVER_PID_FILE), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How help texts name that default, the same whichever server runs while they are generated. */
export const CLIENT_DATA_DIR_HELP = `"${DEFAULT_DATA_DIR}", or a running rehearsal's "${REHEARSAL_DATA_DIR}"`;

/** The data dir client commands read by default: the default one, or a running rehearsal's. */
export function defaultClientDataDir(
  dirs: readonly string[] = [DEFAULT_DATA_DIR, REHEARSAL_DATA_DIR],
): string {
  const first = dirs[0] ?? DEFAULT_DATA_DIR;
  if (running(first)) return first;
  return dirs.find((d) => existsSync(join(d, SERVER_PID_FILE)) && running(d)) ?? first;
}
