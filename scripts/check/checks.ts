import { join } from 'node:path';
import { formatTypeCheck, typeCheck, typeCheckExitCode } from './type-check.js';
import { lint } from './lint.js';

/** One check's verdict, as scripts/test.mjs prints it. */
export interface CheckResult {
  readonly name: 'tsc' | 'eslint';
  /** The exit code the check's own command would give (0 when it passes). */
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/**
 * `tsc -p tsconfig.json --noEmit` then `eslint .` in `cwd`, on one TypeScript program: the lint's
 * typed rules reuse the type check's program and checker.
 */
export async function runChecks(cwd: string, options: { pretty: boolean }): Promise<CheckResult[]> {
  const started = performance.now();
  const checked = typeCheck(join(cwd, 'tsconfig.json'));
  const tsc: CheckResult = {
    name: 'tsc',
    code: typeCheckExitCode(checked),
    output: formatTypeCheck(checked.diagnostics, cwd, options.pretty),
    seconds: (performance.now() - started) / 1000,
  };
  if (!checked.program) return [tsc];
  const linting = performance.now();
  const found = await lint(checked.program, cwd, ['.']);
  const eslint: CheckResult = {
    name: 'eslint',
    code: found.errors > 0 ? 1 : 0,
    output: found.output,
    seconds: (performance.now() - linting) / 1000,
  };
  return [tsc, eslint];
}
