#!/usr/bin/env node
// `npm test`: the type check and the linter (one process, one TypeScript program: scripts/check.ts),
// the formatter check and the tests, side by side. Each check runs on one core, and the tests spend
// part of their time waiting on processes and clocks, so on a 2-core machine running them together
// takes about a minute less than one after another. The tests print as they go; the checks' output
// is held and printed at the end, each under its name. The exit code is the first failure's (0 when
// all pass).
import { spawn } from 'node:child_process';

const node = process.execPath;
const steps = [
  // Prints its two verdicts (tsc, eslint) as JSON; see `split` below.
  { name: 'tsc+eslint', args: ['--import', 'tsx', 'scripts/check.ts', '--json'], split: true },
  { name: 'prettier', args: ['node_modules/prettier/bin/prettier.cjs', '--check', '.'] },
  { name: 'vitest', args: ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], live: true },
];

/**
 * scripts/check.ts --json's results, each as a step's (anything on its stderr, such as a Node
 * warning, printed with the last); the step itself if it printed no JSON (a crash).
 */
function split(step) {
  let results;
  try {
    results = JSON.parse(step.stdout).map((r) => ({ ...r, signal: null }));
  } catch {
    return [step];
  }
  const last = results.at(-1);
  if (last) last.output += step.stderr;
  return results;
}

function run({ name, args, live }) {
  const started = performance.now();
  const child = spawn(node, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  let [output, stdout, stderr] = ['', '', ''];
  child.stdout?.on('data', (chunk) => ((output += chunk), (stdout += chunk)));
  child.stderr?.on('data', (chunk) => ((output += chunk), (stderr += chunk)));
  return new Promise((resolve) =>
    child.once('close', (code, signal) =>
      resolve({
        name,
        code: code ?? 1,
        signal,
        output,
        stdout,
        stderr,
        seconds: (performance.now() - started) / 1000,
      }),
    ),
  );
}

const results = (await Promise.all(steps.map(run))).flatMap((r, i) => (steps[i]?.split ? split(r) : [r]));
for (const r of results.filter((r) => r.output.trim()))
  process.stdout.write(`\n--- ${r.name} ---\n${r.output}`);
process.stdout.write('\n');
for (const r of results) {
  const verdict = r.code === 0 ? 'passed' : `FAILED (exit ${r.signal ?? r.code})`;
  process.stdout.write(`${r.name.padEnd(9)} ${verdict}, ${r.seconds.toFixed(0)} s\n`);
}
process.exitCode = results.find((r) => r.code !== 0)?.code ?? 0;
