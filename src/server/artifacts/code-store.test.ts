import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildZip } from '../../common/zip-writer.js';
import { CodeStore } from './code-store.js';
import { extractZip } from './zip-reader.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function store(): { code: CodeStore; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'gradual-code-'));
  dirs.push(root);
  return { code: new CodeStore(root), root };
}

describe('CodeStore', () => {
  it('removes a package (zip and unpacked copy) once nothing refers to it', async () => {
    const { code, root } = store();
    const sha = await code.put(await buildZip({ 'index.js': 'exports.handler = 1;' }));
    await code.unpack(sha);
    const removed: string[] = [];
    code.onRemoved((s) => removed.push(s));
    await code.removeIfUnused(sha, () => Promise.resolve(true));
    expect(existsSync(code.zipPath(sha))).toBe(true);
    await code.removeIfUnused(sha, () => Promise.resolve(false));
    expect(readdirSync(root)).toEqual([]);
    expect(removed).toEqual([sha]);
  });

  it('unpacks a package once when many ask for it at the same time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gradual-code-'));
    dirs.push(root);
    let extractions = 0;
    const code = new CodeStore(root, undefined, (zip, dir) => {
      extractions += 1;
      return extractZip(zip, dir);
    });
    const sha = await code.put(await buildZip({ 'index.js': 'exports.handler = 3;' }));
    const dirsSeen = await Promise.all(Array.from({ length: 20 }, () => code.unpack(sha)));
    expect(new Set(dirsSeen)).toEqual(new Set([code.unpackedPath(sha)]));
    expect(extractions).toBe(1);
    expect(readdirSync(code.unpackedPath(sha))).toEqual(['index.js']);
    await code.unpack(sha);
    expect(extractions).toBe(1);
  });

  it('keeps a pinned package until the pin goes, then asks again', async () => {
    const { code } = store();
    const zip = await buildZip({ 'index.js': 'exports.handler = 2;' });
    const sha = CodeStore.sha256Hex(zip);
    code.pin(sha);
    await code.put(zip, sha);
    let referenced = false;
    await code.removeIfUnused(sha, () => Promise.resolve(referenced));
    expect(code.has(sha)).toBe(true);
    code.release(sha);
    await new Promise((r) => setTimeout(r, 20));
    expect(code.has(sha)).toBe(false);
    referenced = true;
    code.pin(sha);
    await code.put(zip, sha);
    code.release(sha);
    await new Promise((r) => setTimeout(r, 20));
    expect(code.has(sha)).toBe(true);
  });

  it('asks again when a write took a pin while the store was being asked', async () => {
    const { code } = store();
    const zip = await buildZip({ 'index.js': 'exports.handler = 3;' });
    const sha = await code.put(zip);
    let asked = 0;
    await code.removeIfUnused(sha, () => {
      asked += 1;
      if (asked === 1) {
        // A create takes and releases its pin (and commits) while the first answer is in flight.
        code.pin(sha);
        code.release(sha);
        return Promise.resolve(false);
      }
      return Promise.resolve(true);
    });
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(code.has(sha)).toBe(true);
  });
});
