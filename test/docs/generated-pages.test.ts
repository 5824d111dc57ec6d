import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePages, ROOT } from '../../scripts/docs/pages.js';

/**
 * The committed reference pages are what the code generates: the compatibility matrix from a real
 * server's answers to every operation of every AWS API, the CLI reference from the commander
 * definitions. A new operation, service, command or option changes them.
 */
describe('generated documentation', () => {
  it('matches what the code generates (else run `npm run docs` and commit the pages)', async () => {
    const pages = await generatePages();
    expect(Object.keys(pages).length).toBeGreaterThan(0);
    for (const [path, text] of Object.entries(pages)) {
      const file = join(ROOT, path);
      const committed = existsSync(file) ? readFileSync(file, 'utf8') : '(missing)';
      expect(committed, `${path} is not what the code generates: run \`npm run docs\` and commit it`).toBe(
        text,
      );
    }
  }, 300_000);
});
