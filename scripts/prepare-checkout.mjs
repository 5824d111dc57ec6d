#!/usr/bin/env node
// Makes a fresh clone runnable: installs the locked dependencies when they are missing or stale.
// Runs before `npm start`, `npm run demo` and `npm test`, so each is one command. Nothing is
// compiled here: bin/gradual.js runs the sources through tsx until `npm run build` makes dist/.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });
const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync('package-lock.json').mtimeMs > statSync(installed).mtimeMs;
if (stale) {
  console.error(
    'Installing dependencies (once; better-sqlite3 downloads its prebuilt binary from GitHub, or compiles for a few minutes without it)...',
  );
  // Not `npm ci`: the registry mirror here lacks some optional platform packages (rollup's), which
  // makes `npm ci` call the lockfile out of sync. `npm install` follows the same lockfile.
  run('npm install --no-audit --no-fund');
}
