import type { CodeStore } from '../artifacts/code-store.js';
import type { FunctionConfig } from '../functions/model.js';
import type { PoolTarget } from '../runtime/pool.js';

/**
 * The pool's key for one frozen configuration: function, version and revision. A published
 * version never changes; a changed `$LATEST` gets a new revision, hence new environments.
 */
export function targetKey(functionName: string, version: string, revisionId: string): string {
  return `${functionName}\u0000${version}\u0000${revisionId}`;
}

export function parseKey(key: string): { functionName: string; version: string; revisionId: string } {
  const [functionName = '', version = '', revisionId = ''] = key.split('\u0000');
  return { functionName, version, revisionId };
}

export function poolTarget(
  functionName: string,
  version: string,
  config: FunctionConfig,
  code: Pick<CodeStore, 'unpackedPath'>,
): PoolTarget {
  return {
    key: targetKey(functionName, version, config.revisionId),
    spec: {
      functionName,
      version,
      runtime: config.runtime,
      handler: config.handler,
      memorySize: config.memorySize,
      timeoutSeconds: config.timeout,
      ephemeralStorageMb: config.ephemeralStorage,
      logGroup: config.logGroup ?? `/aws/lambda/${functionName}`,
      variables: config.environment,
      role: config.role,
      codeDir: code.unpackedPath(config.code.sha256Hex),
    },
  };
}

/**
 * `poolTarget` remembered per configuration object, so a warm invocation builds no spec, key or
 * path of its own. The function cache hands out the same configuration object until it changes;
 * a changed one carries a new revision, which is checked in case an object was changed in place.
 */
export class PoolTargets {
  private readonly known = new WeakMap<
    FunctionConfig,
    Map<string, { revisionId: string; target: PoolTarget }>
  >();

  constructor(private readonly code: Pick<CodeStore, 'unpackedPath'>) {}

  get(functionName: string, version: string, config: FunctionConfig): PoolTarget {
    let byVersion = this.known.get(config);
    if (!byVersion) {
      byVersion = new Map();
      this.known.set(config, byVersion);
    }
    const cached = byVersion.get(version);
    if (cached?.revisionId === config.revisionId && cached.target.spec.functionName === functionName) {
      return cached.target;
    }
    const target = poolTarget(functionName, version, config, this.code);
    byVersion.set(version, { revisionId: config.revisionId, target });
    return target;
  }
}

/** Unpacks each code package once before its first environment starts (normally done already). */
export class Unpacker {
  private readonly done = new Set<string>();

  constructor(private readonly code: Pick<CodeStore, 'unpack' | 'onRemoved'>) {
    // A package freed when its last user went may come back (the same code uploaded again).
    code.onRemoved((sha) => this.done.delete(sha));
  }

  /** Undefined when the package is unpacked already (every warm invocation): nothing to wait for. */
  ensure(sha256Hex: string): Promise<void> | undefined {
    if (this.done.has(sha256Hex)) return undefined;
    return this.code.unpack(sha256Hex).then(() => void this.done.add(sha256Hex));
  }
}
