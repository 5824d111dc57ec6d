import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readerSession, ROOT, runShell, shellBlocks } from '../support/doc-blocks.js';

/**
 * docs/how-to.md: the blocks no other test runs (seed 000's three deploys, seed 002's recipe), as a
 * reader runs them, against a real server at 60x; the others name the test that runs their example.
 */

const PAGE = readFileSync(join(ROOT, 'docs/how-to.md'), 'utf8');

const session = readerSession();

describe('docs/how-to.md', () => {
  it('names, for every block it does not run here, a test file that exists', () => {
    const named = [...PAGE.matchAll(/<!-- docs-test: skip \(run by (\S+)\) -->/g)].map((m) => m[1] ?? '');
    expect(named.length).toBeGreaterThanOrEqual(3);
    for (const file of named) expect(existsSync(join(ROOT, file)), file).toBe(true);
  });

  it('runs seed 000 (a canary, then a failed hook rolled back) and seed 002 as written', async () => {
    const blocks = shellBlocks(PAGE);
    expect(blocks).toHaveLength(2);
    const { code, output } = await runShell(blocks.join('\n'), session.server(), session.folder());
    expect(code, output).toBe(0);
    expect(output).toMatch(/deploy exited 1: rolled back/);
    expect(output).toContain('✅ Rollback completed');
    expect(output).toContain('✅ Deleted IAM role');
  }, 600_000);
});
