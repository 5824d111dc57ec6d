import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/doc-blocks.js';

/** The npm scripts the docs name exist, and every benchmark has its rerun instructions. */

const scripts = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return entry.endsWith('.md') ? [path] : [];
  });
}

describe('npm scripts in the docs', () => {
  it('names only scripts package.json has', () => {
    const named = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/npm run ([\w:-]+\*?)/g)]
        .map((m) => m[1] ?? '')
        .filter((name) => !name.endsWith('*')),
    );
    expect(named.length).toBeGreaterThan(10);
    expect([...new Set(named)].filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('says how to rerun every benchmark', () => {
    const page = readFileSync(join(ROOT, 'docs/benchmarks.md'), 'utf8');
    const benches = scripts.filter((name) => name.startsWith('bench:'));
    expect(benches.length).toBeGreaterThan(5);
    expect(benches.filter((name) => !page.includes(`\`npm run ${name}\``))).toEqual([]);
  });
});
