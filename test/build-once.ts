import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Vitest's global setup: the CLI end-to-end tests run `bin/gradual.js` as a user would, which
 * loads the compiled `dist/`. Compile it when it is missing or older than a source file, so a
 * test run never depends on a build someone happened to do (about a CPU-second: bundled, not checked).
 */
const ROOT = resolve(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist', '.built');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const sources = Math.max(
    newestSource(join(ROOT, 'src')),
    statSync(join(ROOT, 'tsconfig.json')).mtimeMs,
    // A change to how the bundle is made makes another bundle.
    statSync(join(ROOT, 'scripts/build.mjs')).mtimeMs,
  );
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources) return;
  // Transpiled only: the run type-checks the same sources beside the tests (scripts/test.mjs).
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--no-check'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}
