import { ESLint } from 'eslint';
import type ts from 'typescript';

/** What `eslint .` finds, as its default (stylish) formatter prints it. */
export interface Lint {
  readonly output: string;
  readonly errors: number;
}

/**
 * The files eslint.config.js lints with type information (recommendedTypeChecked covers these
 * extensions); the configuration's JavaScript files are linted without it.
 */
const TYPED = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/**
 * Runs eslint.config.js over `patterns` as `eslint` would, except that the typed rules read the
 * given program instead of building their own (typescript-eslint's `programs`), so its checker's
 * work is not done twice. A typed file outside the program fails loudly ("was not found by the
 * project service" / "not found in any of the provided program instance(s)").
 */
export async function lint(program: ts.Program, cwd: string, patterns: readonly string[]): Promise<Lint> {
  const eslint = new ESLint({
    cwd,
    overrideConfig: {
      files: TYPED,
      languageOptions: { parserOptions: { projectService: false, programs: [program] } },
    },
  });
  const results = await eslint.lintFiles([...patterns]);
  const stylish = await eslint.loadFormatter('stylish');
  const output = await stylish.format(results);
  return { output, errors: results.reduce((sum, r) => sum + r.errorCount, 0) };
}
