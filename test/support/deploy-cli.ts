import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled `gradual` CLI (bin/gradual.js; `npx tsc -p tsconfig.build.json` first). */
export function runGradual(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/gradual.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

/** A copy of an example app in a temporary folder, to change and redeploy. */
export function copyExample(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `gradual-${name}-`)), name);
  cpSync(join(ROOT, 'examples', name), dir, { recursive: true });
  return dir;
}
