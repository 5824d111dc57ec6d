import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractZip } from '../../server/artifacts/zip-reader.js';
import { packageCode } from './package.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-package-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('packageCode', () => {
  it('zips a folder to the same bytes whatever the files times or creation order', async () => {
    const a = folder({ 'index.js': 'x', 'lib/util.js': 'y' });
    const b = folder({ 'lib/util.js': 'y', 'index.js': 'x' });
    utimesSync(join(b, 'index.js'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const [pa, pb] = await Promise.all([packageCode(a), packageCode(b)]);
    expect(pa.zip.equals(pb.zip)).toBe(true);
    expect(pa.sha256).toBe(pb.sha256);
    expect(pa.sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('keeps nested paths and the executable bit; a change of content changes the hash', async () => {
    const dir = folder({ 'bin/run': '#!/bin/sh\n', 'index.js': 'x' });
    chmodSync(join(dir, 'bin/run'), 0o755);
    const first = await packageCode(dir);
    const out = mkdtempSync(join(tmpdir(), 'gradual-unpacked-'));
    made.push(out);
    await extractZip(first.zip, out);
    expect(readFileSync(join(out, 'bin/run'), 'utf8')).toBe('#!/bin/sh\n');
    expect(statSync(join(out, 'bin/run')).mode & 0o111).not.toBe(0);
    expect(statSync(join(out, 'index.js')).mode & 0o111).toBe(0);
    writeFileSync(join(dir, 'index.js'), 'changed');
    expect((await packageCode(dir)).sha256).not.toBe(first.sha256);
  });

  it('takes a .zip file as it is', async () => {
    const dir = folder({ 'code.zip': 'PK-bytes' });
    expect((await packageCode(join(dir, 'code.zip'))).zip.toString()).toBe('PK-bytes');
  });
});
