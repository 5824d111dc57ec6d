import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * libfaketime (Debian's libfaketime package), which puts a process on a clock of gradual's
 * choosing: the server runs functions on its rehearsal clock with it, and `gradual exec` runs a
 * user's script on the same clock.
 */

/**
 * libfaketime's settings for a clock `offsetMs` ahead of real time, running `scale` times
 * faster from the moment the process loads the library. That moment comes a few real
 * milliseconds after this is computed, so the process starts slightly behind (at 60x, about a
 * second); gradual's own bootstraps correct it once against the Runtime API before the
 * function's code runs, which is why changes to FAKETIME must take effect at once (no cache).
 */
export function faketimeEnv(offsetMs: number, scale: number, library: string): Record<string, string> {
  const sign = offsetMs < 0 ? '-' : '+';
  return {
    LD_PRELOAD: library,
    FAKETIME: `${sign}${(Math.abs(offsetMs) / 1000).toFixed(3)} x${scale}`,
    // Child processes (a shell bootstrap's `date` and `sleep`) continue this clock, not restart it.
    FAKETIME_DONT_RESET: '1',
    FAKETIME_NO_CACHE: '1',
  };
}

/** The multi-threaded build (node and python run threads), where Debian's libfaketime puts it. */
const LIBRARY = 'libfaketimeMT.so.1';

/** Debian's multiarch folders first (`/usr/lib/<triplet>/faketime`), then the plain ones. */
export function findLibfaketime(
  roots: readonly string[] = ['/usr/lib', '/usr/local/lib'],
): string | undefined {
  for (const root of roots) {
    const direct = join(root, 'faketime', LIBRARY);
    if (existsSync(direct)) return direct;
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const candidate = join(root, entry, 'faketime', LIBRARY);
      if (entry.includes('-linux-') && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}
