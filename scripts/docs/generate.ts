import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatePages, ROOT } from './pages.js';

/**
 * `npm run docs`: writes the generated pages. `npm run docs -- --check` only says which differ
 * (exit 1), as the drift test does.
 */
const check = process.argv.includes('--check');
const pages = await generatePages();
let stale = 0;
for (const [path, text] of Object.entries(pages)) {
  const file = join(ROOT, path);
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  stale += 1;
  if (check) {
    process.stdout.write(`${path}: differs from what the code generates\n`);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    process.stdout.write(`${path}: written\n`);
  }
}
if (check && stale > 0) process.exitCode = 1;
if (stale === 0) process.stdout.write('generated pages are current\n');
