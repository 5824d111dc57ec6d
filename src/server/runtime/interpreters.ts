import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

/** The Python that runs a `pythonX.Y` runtime here, as found on this machine. */
export interface PythonInterpreter {
  executable: string;
  /** Its installation, when outside /usr (which every sandbox shows anyway). */
  prefix: string | undefined;
  /** `3.11.2`. */
  version: string;
  /**
   * A folder to append to `sys.path` so `import boto3` works as in Lambda's Python runtimes,
   * when the interpreter has no boto3 of its own: Debian's python3-boto3. Undefined when it has
   * one, or when none is to be found.
   */
  sdkPath: string | undefined;
  hasSdk: boolean;
}

/** Where Debian's python3-boto3 (and botocore, and their dependencies) are installed. */
export const DEBIAN_DIST_PACKAGES = '/usr/lib/python3/dist-packages';

const PROBE = [
  'import sys, importlib.util',
  'print(sys.executable)',
  'print(sys.base_prefix)',
  "print('%d.%d.%d' % sys.version_info[:3])",
  "print(importlib.util.find_spec('boto3') is not None)",
].join('; ');

export function outsideUsr(prefix: string): string | undefined {
  return prefix === '/usr' || prefix.startsWith('/usr/') ? undefined : prefix;
}

export interface Probe {
  executable: string;
  basePrefix: string;
  version: string;
  boto3: boolean;
}

const run = promisify(execFile);

/** Runs `command` on the probe. Asynchronous: under load a Python start takes seconds, which
 * the server's event loop (lease renewals among its work) must not wait out. */
async function probe(command: string): Promise<Probe | undefined> {
  try {
    const { stdout } = await run(command, ['-c', PROBE], { encoding: 'utf8', timeout: 10_000 });
    const [executable, basePrefix, version, boto3] = stdout.split('\n');
    if (!executable || !basePrefix || !version) return undefined;
    return { executable, basePrefix, version, boto3: boto3 === 'True' };
  } catch {
    return undefined;
  }
}

/**
 * The interpreter for a runtime: `python3.12` for `python3.12` when this machine has one that
 * really is 3.12, else the machine's `python3` (whatever its version: the log says which).
 */
export async function findPython(
  runtime: string,
  look: (command: string) => Promise<Probe | undefined> = probe,
  sdkDir: string = DEBIAN_DIST_PACKAGES,
): Promise<PythonInterpreter | undefined> {
  const wanted = /^python(\d+\.\d+)$/.exec(runtime)?.[1];
  const exact = wanted ? await look(`python${wanted}`) : undefined;
  const found = exact?.version.startsWith(`${wanted}.`) ? exact : await look('python3');
  if (!found) return undefined;
  const fallback = existsSync(join(sdkDir, 'boto3')) ? sdkDir : undefined;
  return {
    executable: realpathSync(found.executable),
    prefix: outsideUsr(realpathSync(found.basePrefix)),
    version: found.version,
    sdkPath: found.boto3 ? undefined : fallback,
    hasSdk: found.boto3 || fallback !== undefined,
  };
}

/** One line for logs: which program really runs a runtime name here. */
export function describeInterpreter(
  runtime: string,
  interpreter: { name: string; version: string; executable: string },
): string {
  return `${runtime} runs on this machine's ${interpreter.name} ${interpreter.version} (${interpreter.executable})`;
}

/** Node's own prefix, when outside /usr. */
export function nodePrefix(executable: string): string | undefined {
  return outsideUsr(dirname(dirname(executable)));
}
