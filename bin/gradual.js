#!/usr/bin/env node
// The `gradual` program: the compiled dist/ when it is up to date (`npm run build`), else, in a
// checkout, the TypeScript sources themselves through tsx (a second or so more per start, and no
// build to wait for before the first `npm start` or `npm run demo`).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/main.js', root);
const stamp = new URL('dist/.built', root);
const sources = fileURLToPath(new URL('src/', root));

// Paths as strings, not URLs: this runs on every start, over every source file (~800).
function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (!entry.isDirectory()) time = Math.max(time, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return time;
}

const built = existsSync(dist) && existsSync(stamp);
if (built && (!existsSync(sources) || statSync(stamp).mtimeMs >= newest(sources))) {
  await import(dist.href);
} else if (existsSync(new URL('src/main.ts', root)) && existsSync(new URL('node_modules/tsx/', root))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src/main.ts', root).href);
} else {
  process.stderr.write('gradual: not built in this checkout: run `npm install`, then `npm run build`.\n');
  process.exit(1);
}
