import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPython, type Probe } from './interpreters.js';

const root = mkdtempSync(join(tmpdir(), 'gradual-python-'));
const debian = join(root, 'dist-packages');
mkdirSync(join(debian, 'boto3'), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Interpreters this fake machine has, by command name. */
function machine(found: Record<string, Omit<Probe, 'executable' | 'basePrefix'>>) {
  return (command: string): Promise<Probe | undefined> => {
    const p = found[command];
    return Promise.resolve(p && { ...p, executable: '/usr/bin/python3', basePrefix: '/usr' });
  };
}

describe('findPython', () => {
  it('runs python3.12 on a python3.12 when the machine has one', async () => {
    const run = machine({
      'python3.12': { version: '3.12.1', boto3: true },
      python3: { version: '3.11.2', boto3: true },
    });
    expect(await findPython('python3.12', run, debian)).toMatchObject({
      version: '3.12.1',
      sdkPath: undefined,
    });
  });

  it('falls back to python3, and says which version it is', async () => {
    const run = machine({ python3: { version: '3.11.2', boto3: true } });
    expect((await findPython('python3.12', run, debian))?.version).toBe('3.11.2');
    // A `python3.12` that is not 3.12 (a shim pointing elsewhere) is not taken.
    const shim = machine({
      'python3.12': { version: '3.11.7', boto3: true },
      python3: { version: '3.11.2', boto3: false },
    });
    expect((await findPython('python3.12', shim, debian))?.version).toBe('3.11.2');
  });

  it("lends Debian's python3-boto3 to an interpreter without boto3", async () => {
    const run = machine({ python3: { version: '3.11.2', boto3: false } });
    expect(await findPython('python3.11', run, debian)).toMatchObject({ sdkPath: debian, hasSdk: true });
    expect(await findPython('python3.11', run, join(root, 'nowhere'))).toMatchObject({
      sdkPath: undefined,
      hasSdk: false,
    });
  });

  it('finds nothing on a machine without Python', async () => {
    expect(await findPython('python3.12', machine({}), debian)).toBeUndefined();
  });
});
