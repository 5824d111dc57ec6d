#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ (type-checked), then marks the build as current, which
// bin/gradual.js reads to choose dist/ over the sources (tsc leaves its stamp alone when no output
// changed, so an edit undone would otherwise keep dist/ looking stale).
import { execFileSync } from 'node:child_process';
import { utimesSync } from 'node:fs';

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
const now = new Date();
utimesSync('dist/.tsbuildinfo', now, now);
