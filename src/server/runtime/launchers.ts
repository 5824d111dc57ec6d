import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeFamily } from '../functions/runtimes.js';
import { RUNTIME_ROOT, type Mount, type Sandbox } from './sandbox.js';

/**
 * How each runtime family starts inside an environment: Node and Python run gradual's own
 * bootstraps (shipped as plain files in ./bootstraps) on this machine's interpreters; `provided`
 * runs the package's own `bootstrap` executable.
 */
export interface Launch {
  command: string[];
  mounts: Mount[];
  /** Where the Runtime's own files are, as the process sees them. */
  runtimeDir: string;
  /** gradual's node_modules (the AWS SDK), as the process sees it. */
  nodeModules: string | undefined;
}

export interface LaunchInput {
  runtime: string;
  /** As the process sees it. */
  taskRoot: string;
  memorySize: number;
  /** True when a cgroup enforces memory; otherwise the interpreter's own limit does. */
  memoryEnforced: boolean;
}

/** The bootstraps folder: next to this module in the source tree; found from dist/ too. */
function bootstrapsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'bootstraps'),
    join(here, '..', '..', '..', 'src', 'server', 'runtime', 'bootstraps'),
  ];
  const found = candidates.find((c) => existsSync(join(c, 'node', 'bootstrap.mjs')));
  if (!found)
    throw new Error(`gradual's runtime bootstraps are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** gradual's own node_modules, when it holds the AWS SDK (Lambda's Node runtimes include SDK v3). */
function sdkModules(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = join(here, '..', '..', '..', 'node_modules');
  return existsSync(join(dir, '@aws-sdk', 'client-lambda')) ? realpathSync(dir) : undefined;
}

interface Interpreter {
  executable: string;
  /** Its installation, when outside /usr (which every sandbox shows anyway). */
  prefix: string | undefined;
}

function outsideUsr(prefix: string): string | undefined {
  return prefix === '/usr' || prefix.startsWith('/usr/') ? undefined : prefix;
}

let python: Interpreter | undefined;

/** The machine's python3, resolved once to its real executable and installation. */
function findPython(): Interpreter {
  if (!python) {
    const out = execFileSync('python3', ['-c', 'import sys; print(sys.executable); print(sys.base_prefix)'], {
      encoding: 'utf8',
      timeout: 10_000,
    }).split('\n');
    python = {
      executable: realpathSync(out[0] ?? 'python3'),
      prefix: outsideUsr(realpathSync(out[1] ?? '/usr')),
    };
  }
  return python;
}

/**
 * Host directories functions' mounts come from, known without running anything: the bootstraps,
 * the SDK, node's installation outside /usr. (Python's is found when a Python function starts.)
 */
export function launchRoots(): string[] {
  const node = outsideUsr(dirname(dirname(realpathSync(process.execPath))));
  return [bootstrapsDir(), sdkModules(), node].filter((d): d is string => d !== undefined);
}

export class Launchers {
  private readonly bootstraps = bootstrapsDir();
  private readonly modules = sdkModules();
  constructor(private readonly sandbox: Sandbox) {}

  /** The bootstraps of a family, mounted read-only at /var/runtime/<family>. */
  private runtimeMount(family: 'node' | 'python'): Mount {
    return { host: join(this.bootstraps, family), inside: `${RUNTIME_ROOT}/${family}` };
  }

  launch(input: LaunchInput): Launch {
    const family = runtimeFamily(input.runtime);
    switch (family) {
      case 'node': {
        const node = realpathSync(process.execPath);
        const prefix = outsideUsr(dirname(dirname(node)));
        const runtime = this.runtimeMount('node');
        const sdk = this.modules ? { host: this.modules, inside: `${RUNTIME_ROOT}/node_modules` } : undefined;
        // Without a cgroup, V8's own heap limit stands in for the memory limit.
        const heap = input.memoryEnforced
          ? []
          : [`--max-old-space-size=${Math.max(16, Math.floor(input.memorySize * 0.9))}`];
        return {
          command: [node, ...heap, `${this.sandbox.insidePath(runtime)}/bootstrap.mjs`],
          mounts: [runtime, ...(sdk ? [sdk] : []), ...(prefix ? [{ host: prefix, inside: prefix }] : [])],
          runtimeDir: this.sandbox.insidePath(runtime),
          nodeModules: sdk ? this.sandbox.insidePath(sdk) : undefined,
        };
      }
      case 'python': {
        const python = findPython();
        const runtime = this.runtimeMount('python');
        const limit = input.memoryEnforced ? [] : ['--memory-limit-mb', String(input.memorySize)];
        return {
          command: [python.executable, `${this.sandbox.insidePath(runtime)}/bootstrap.py`, ...limit],
          mounts: [runtime, ...(python.prefix ? [{ host: python.prefix, inside: python.prefix }] : [])],
          runtimeDir: this.sandbox.insidePath(runtime),
          nodeModules: undefined,
        };
      }
      case 'provided':
        return {
          command: [`${input.taskRoot}/bootstrap`],
          mounts: [],
          runtimeDir: this.sandbox.insidePath({ host: this.bootstraps, inside: RUNTIME_ROOT }),
          nodeModules: undefined,
        };
    }
  }
}
