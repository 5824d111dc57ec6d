import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { silentLog, type Log } from '../../common/log.js';
import { packageRoot } from '../../common/package-root.js';
import { runtimeFamily } from '../functions/runtimes.js';
import { findPython, nodePrefix, type PythonInterpreter } from './interpreters.js';
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
  /** What really runs the runtime here, for the log: `Node.js 20.19.0 (/usr/bin/node)`. */
  interpreter: string;
}

export interface LaunchInput {
  runtime: string;
  /** As the process sees it. */
  taskRoot: string;
  memorySize: number;
  /** True when a cgroup enforces memory; otherwise the interpreter's own limit does. */
  memoryEnforced: boolean;
}

/** The bootstraps folder: next to this module in the source tree, which dist/ runs them from too. */
function bootstrapsDir(): string {
  const dir = join(packageRoot(), 'src', 'server', 'runtime', 'bootstraps');
  if (!existsSync(join(dir, 'node', 'bootstrap.mjs')))
    throw new Error(`gradual's runtime bootstraps are missing (looked in ${dir})`);
  return dir;
}

/** gradual's own node_modules, when it holds the AWS SDK (Lambda's Node runtimes include SDK v3). */
function sdkModules(): string | undefined {
  const dir = join(packageRoot(), 'node_modules');
  return existsSync(join(dir, '@aws-sdk', 'client-lambda')) ? realpathSync(dir) : undefined;
}

/**
 * Host directories functions' mounts come from, known without running anything: the bootstraps,
 * the SDK, node's installation outside /usr. (Python's is found when a Python function starts.)
 */
export function launchRoots(): string[] {
  const node = nodePrefix(realpathSync(process.execPath));
  return [bootstrapsDir(), sdkModules(), node].filter((d): d is string => d !== undefined);
}

export class Launchers {
  private readonly bootstraps = bootstrapsDir();
  private readonly modules = sdkModules();
  /** Python interpreters by runtime name: being found, then found. */
  private readonly finding = new Map<string, Promise<PythonInterpreter>>();
  private readonly pythons = new Map<string, PythonInterpreter>();

  constructor(
    private readonly sandbox: Sandbox,
    private readonly log: Log = silentLog,
    private readonly find: (runtime: string) => Promise<PythonInterpreter | undefined> = findPython,
  ) {}

  /** The bootstraps of a family, mounted read-only at /var/runtime/<family>. */
  private runtimeMount(family: 'node' | 'python'): Mount {
    return { host: join(this.bootstraps, family), inside: `${RUNTIME_ROOT}/${family}` };
  }

  launch(input: LaunchInput): Launch {
    const family = runtimeFamily(input.runtime);
    switch (family) {
      case 'node': {
        const node = realpathSync(process.execPath);
        const prefix = nodePrefix(node);
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
          interpreter: `Node.js ${process.versions.node} (${node})`,
        };
      }
      case 'python': {
        const python = this.python(input.runtime);
        const runtime = this.runtimeMount('python');
        const limit = input.memoryEnforced ? [] : ['--memory-limit-mb', String(input.memorySize)];
        const sdk = python.sdkPath ? ['--sdk-path', python.sdkPath] : [];
        return {
          command: [python.executable, `${this.sandbox.insidePath(runtime)}/bootstrap.py`, ...limit, ...sdk],
          mounts: [runtime, ...(python.prefix ? [{ host: python.prefix, inside: python.prefix }] : [])],
          runtimeDir: this.sandbox.insidePath(runtime),
          nodeModules: undefined,
          interpreter: `Python ${python.version} (${python.executable})`,
        };
      }
      case 'provided':
        return {
          command: [`${input.taskRoot}/bootstrap`],
          mounts: [],
          runtimeDir: this.sandbox.insidePath({ host: this.bootstraps, inside: RUNTIME_ROOT }),
          nodeModules: undefined,
          interpreter: "the package's bootstrap",
        };
    }
  }

  /**
   * Finds what a runtime needs on this machine before its first start: for Python, the interpreter
   * (once per runtime name; the server log says which). Asynchronous, as finding it runs Python.
   */
  async prepare(runtime: string): Promise<void> {
    if (runtimeFamily(runtime) !== 'python' || this.pythons.has(runtime)) return;
    let finding = this.finding.get(runtime);
    if (!finding) {
      finding = this.interpreter(runtime);
      this.finding.set(runtime, finding);
    }
    try {
      this.pythons.set(runtime, await finding);
    } finally {
      this.finding.delete(runtime); // found, or looked for again next time
    }
  }

  private python(runtime: string): PythonInterpreter {
    const python = this.pythons.get(runtime);
    if (!python) throw new Error(`the ${runtime} interpreter was not prepared before the launch`);
    return python;
  }

  private async interpreter(runtime: string): Promise<PythonInterpreter> {
    const python = await this.find(runtime);
    if (!python) throw new Error(`no python3 on this machine to run ${runtime}`);
    const wanted = runtime.slice('python'.length);
    const fields = { runtime, interpreter: python.executable, version: python.version };
    if (!python.version.startsWith(`${wanted}.`))
      this.log.warn(`${runtime} functions run on this machine's Python ${python.version}`, fields);
    else this.log.info(`${runtime} functions run on Python ${python.version}`, fields);
    if (!python.hasSdk)
      this.log.warn(
        `${runtime} functions cannot import boto3 (Lambda's Python runtimes ship it): install python3-boto3`,
        fields,
      );
    return python;
  }
}
