import { runChecks } from './check/checks.js';

/**
 * `tsc -p tsconfig.json --noEmit` and `eslint .` in one process, on one TypeScript program (the
 * lint's typed rules would otherwise build and check the same program again). Prints each check's
 * output under its name and its verdict; exits with the first failing check's code. `--json`
 * prints the results as JSON instead, for scripts/test.mjs.
 */
const results = await runChecks(process.cwd(), { pretty: process.stdout.isTTY });
if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify(results));
} else {
  for (const r of results.filter((r) => r.output.trim()))
    process.stdout.write(`\n--- ${r.name} ---\n${r.output}`);
  for (const r of results)
    process.stdout.write(
      `${r.name.padEnd(9)} ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}, ${r.seconds.toFixed(0)} s\n`,
    );
}
process.exitCode = results.find((r) => r.code !== 0)?.code ?? 0;
