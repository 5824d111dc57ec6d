import type { FunctionAggregate } from '../functions/model.js';
import type { Registry } from '../functions/registry.js';
import type { AliasPort } from '../deployments/ports.js';

/** The deployment engine's view of aliases, through the registry: the same rules as UpdateAlias. */
export function registryAliases(registry: Registry): AliasPort {
  // An observation asks for the alias and both versions at once: one load serves all three.
  const loading = new Map<string, Promise<FunctionAggregate | undefined>>();
  const load = (name: string): Promise<FunctionAggregate | undefined> => {
    let pending = loading.get(name);
    if (!pending) {
      pending = registry.load(name).finally(() => loading.delete(name));
      loading.set(name, pending);
    }
    return pending;
  };
  return {
    async get(functionName, alias) {
      const record = (await load(functionName))?.aliases.get(alias);
      return record ? { functionVersion: record.functionVersion, routing: record.routing } : undefined;
    },
    async versionExists(functionName, version) {
      const agg = await load(functionName);
      return agg !== undefined && /^[0-9]+$/.test(version) && agg.versions.has(Number(version));
    },
    async set(functionName, alias, functionVersion, weights) {
      await registry.updateAlias({
        functionName,
        name: alias,
        functionVersion,
        description: undefined,
        weights,
        revisionId: undefined,
      });
    },
  };
}
