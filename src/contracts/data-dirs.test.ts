import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultClientDataDir } from './data-dirs.js';

const root = mkdtempSync(join(tmpdir(), 'gradual-dirs-'));
const real = join(root, '.gradual');
const rehearsal = join(root, '.gradual-rehearsal');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('defaultClientDataDir', () => {
  it("reads the default data dir, or a running rehearsal's when only that one has a server", () => {
    expect(defaultClientDataDir([real, rehearsal])).toBe(real);
    mkdirSync(rehearsal);
    writeFileSync(join(rehearsal, 'server.pid'), '2147483646'); // no such process
    expect(defaultClientDataDir([real, rehearsal])).toBe(real);
    writeFileSync(join(rehearsal, 'server.pid'), String(process.pid));
    expect(defaultClientDataDir([real, rehearsal])).toBe(rehearsal);
    mkdirSync(real);
    writeFileSync(join(real, 'server.pid'), String(process.pid));
    expect(defaultClientDataDir([real, rehearsal])).toBe(real);
  });
});
