import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** The compiled CLI: run `npx tsc -p tsconfig.build.json` before these tests. */
export const GRADUAL_BIN = join(ROOT, 'bin/gradual.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

/** Starts `gradual <args>` as a user would, with `env` added to a clean AWS environment. */
export function startGradual(args: string[], env: Record<string, string> = {}): CliProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const child = spawn(process.execPath, [GRADUAL_BIN, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...clean, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliResult>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = performance.now() + timeoutMs;
      while (!pattern.test(stdout) && !pattern.test(stderr)) {
        if (performance.now() > deadline)
          throw new Error(`no ${pattern} in:\n${stdout}\n--- stderr ---\n${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    done,
  };
}

/** Runs `gradual <args>` to its end. */
export async function gradual(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const p = startGradual(args, env);
  p.child.stdin!.end();
  return p.done;
}
