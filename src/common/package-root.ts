import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * gradual's own folder (its package.json, examples/, src/, node_modules/): the nearest folder above
 * this module holding a package.json. Found by looking, not by a fixed number of `..`: the module
 * lies in src/common/ when run from the sources, and in dist/ or dist/chunks/ once bundled.
 */
export function packageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`gradual's package.json is not above ${start}`);
  }
}
