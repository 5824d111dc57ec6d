#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ (type-checked), then marks the build as current in
// dist/.built, which bin/gradual.js reads to choose dist/ over the sources (tsc leaves its own
// .tsbuildinfo alone when no output changed, so an edit undone would otherwise keep dist/ stale).
// `--no-check` transpiles each file with esbuild instead (what tsx does when gradual runs from the
// sources): for the tests, which type-check beside it (`npm test` runs tsc), in a second rather
// than the ~20 CPU-seconds of a second type-checked compile.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';

if (process.argv.includes('--no-check')) {
  const { build } = await import('esbuild');
  // Every module tsc would emit: the sources and the test-support modules they import (the
  // tests themselves are not part of the program).
  const sources = readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => `src/${file}`);
  await build({
    entryPoints: sources,
    outbase: 'src',
    outdir: 'dist',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    tsconfig: 'tsconfig.build.json',
    logLevel: 'warning',
  });
} else {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
mkdirSync('dist', { recursive: true });
writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
