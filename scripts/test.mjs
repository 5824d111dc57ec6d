#!/usr/bin/env node
// `npm test`: the type check, the linter, the formatter check and the tests, side by side. Each
// check runs on one core, and the tests spend part of their time waiting on processes and clocks,
// so on a 2-core machine running them together takes about a minute less than one after another.
// The tests print as they go; the checks' output is held and printed at the end, each under its
// name. The exit code is the first failure's (0 when all pass).
import { spawn } from 'node:child_process';

const node = process.execPath;
const steps = [
  { name: 'tsc', args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'eslint', args: ['node_modules/eslint/bin/eslint.js', '.'] },
  { name: 'prettier', args: ['node_modules/prettier/bin/prettier.cjs', '--check', '.'] },
  { name: 'vitest', args: ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], live: true },
];

function run({ name, args, live }) {
  const started = performance.now();
  const child = spawn(node, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) =>
    child.once('close', (code, signal) =>
      resolve({ name, code: code ?? 1, signal, output, seconds: (performance.now() - started) / 1000 }),
    ),
  );
}

const results = await Promise.all(steps.map(run));
for (const r of results.filter((r) => r.output.trim()))
  process.stdout.write(`\n--- ${r.name} ---\n${r.output}`);
process.stdout.write('\n');
for (const r of results) {
  const verdict = r.code === 0 ? 'passed' : `FAILED (exit ${r.signal ?? r.code})`;
  process.stdout.write(`${r.name.padEnd(9)} ${verdict}, ${r.seconds.toFixed(0)} s\n`);
}
process.exitCode = results.find((r) => r.code !== 0)?.code ?? 0;
