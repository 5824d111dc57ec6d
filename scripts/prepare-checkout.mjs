#!/usr/bin/env node
// Makes a fresh clone runnable: installs the locked dependencies when they are missing or stale,
// then compiles the TypeScript. Runs before `npm start` and `npm test`, so each is one command.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });
const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync('package-lock.json').mtimeMs > statSync(installed).mtimeMs;
if (stale) {
  console.error('Installing dependencies (the first run compiles better-sqlite3, about a minute)...');
  // Not `npm ci`: the registry mirror here lacks some optional platform packages (rollup's), which
  // makes `npm ci` call the lockfile out of sync. `npm install` follows the same lockfile.
  run('npm install --no-audit --no-fund');
}
// Incremental: a checkout compiled before recompiles only what changed (seconds, not half a minute).
console.error('Compiling gradual (TypeScript)...');
run('npx tsc -p tsconfig.build.json');
