import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StaticFiles, staticDir, vendorFiles } from './static-files.js';

const dir = mkdtempSync(join(tmpdir(), 'gradual-static-'));
mkdirSync(join(dir, 'js'));
writeFileSync(join(dir, 'index.html'), '<!doctype html>');
writeFileSync(join(dir, 'js', 'main.js'), 'export {};');
writeFileSync(join(dir, '.hidden.js'), 'secret');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('static files', () => {
  it('serves the files the UI ships, with their type and an ETag', async () => {
    const files = new StaticFiles(dir, {});
    const main = await files.file('js/main.js');
    expect(main?.contentType).toBe('text/javascript; charset=utf-8');
    expect(main?.body.toString()).toBe('export {};');
    expect(main?.etag).toMatch(/^"[\w-]{22}"$/);
    expect(await files.file('.hidden.js')).toBeUndefined();
    expect(await files.file('../static-files.ts')).toBeUndefined();
  });

  it('keeps nothing for names it does not ship: 30,000 misses hold no memory', async () => {
    const files = new StaticFiles(dir, {});
    await files.file('index.html');
    for (let i = 0; i < 30_000; i++) expect(await files.file(`js/${i.toString(36)}x.js`)).toBeUndefined();
    for (let i = 0; i < 1000; i++) expect(await files.vendored(`v${i}.js`)).toBeUndefined();
    expect(files.cached).toBe(1);
  });

  it("finds the real UI's files and uPlot", async () => {
    const files = new StaticFiles(staticDir(), vendorFiles());
    expect(await files.file('index.html')).toBeDefined();
    expect(await files.file('js/main.js')).toBeDefined();
    expect(await files.vendored('uPlot.esm.js')).toBeDefined();
  });
});
