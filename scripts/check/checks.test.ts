import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks } from './checks.js';

/**
 * The combined check on tiny projects that use this repository's eslint.config.js and house rule:
 * each of a type error, a floating promise, an upward import and a file outside the program fails
 * the check it belongs to, with that tool's own message. (Few projects: each costs a program.)
 */
const ROOT = resolve(import.meta.dirname, '../..');
const made: string[] = [];

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    verbatimModuleSyntax: true,
    types: [],
    noEmit: true,
  },
  include: ['src'],
};

/** A project with the repository's lint configuration, and these files besides a clean one. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-check-'));
  made.push(dir);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'eslint-rules'));
  copyFileSync(join(ROOT, 'eslint.config.js'), join(dir, 'eslint.config.js'));
  copyFileSync(join(ROOT, 'eslint-rules/layers.js'), join(dir, 'eslint-rules/layers.js'));
  const all = {
    'package.json': JSON.stringify({ type: 'module' }),
    'tsconfig.json': JSON.stringify(TSCONFIG),
    'src/server/api/route.ts': "export const route = '/2015-03-31/functions';\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function check(files: Record<string, string>) {
  const [tsc, eslint] = await runChecks(project(files), { pretty: false });
  return { tsc, eslint };
}

afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('scripts/check.ts: tsc and eslint on one program', () => {
  // One project for every case (each project costs a TypeScript program, ~3 CPU-s): a clean file,
  // a type error, a floating promise (through the shared checker), an import up the floors, and a
  // file outside the program. Each check reports exactly its own findings, nothing about the rest.
  it("fails each check on its own findings, with that tool's message, and nothing else", async () => {
    const { tsc, eslint } = await check({
      'src/server/functions/memory.ts': "export const mb: number = '128';\n",
      'src/server/functions/start.ts': [
        "import { route } from '../api/route.js';",
        'async function warm(): Promise<void> {}',
        'export function start(): string {',
        '  warm();',
        '  return route;',
        '}',
        '',
      ].join('\n'),
      'tools/stray.ts': 'export const stray = 1;\n',
    });
    expect(tsc?.code).toBe(2); // tsc's own: errors found, outputs (none with noEmit) not skipped
    expect(tsc?.output).toBe(
      "src/server/functions/memory.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.\n",
    );
    expect(eslint?.code).toBe(1);
    expect(eslint?.output).toMatch(
      /^\s+4:3\s+error\s+Promises must be awaited, .*@typescript-eslint\/no-floating-promises$/m,
    );
    expect(eslint?.output).toMatch(
      /^\s+1:1\s+error\s+src\/server\/functions may not import src\/server\/api: src\/server\/api stands above src\/server\/functions\s+house\/layers$/m,
    );
    // typescript-eslint's own check: every file linted with types must be in the program.
    expect(eslint?.output).toMatch(
      /tools\/stray\.ts\n\s+0:0\s+error\s+Parsing error: .*\nThe file was not found in any of the provided program instance\(s\): tools\/stray\.ts/,
    );
    expect(eslint?.output).toMatch(/✖ 3 problems \(3 errors, 0 warnings\)/);
  });
});
