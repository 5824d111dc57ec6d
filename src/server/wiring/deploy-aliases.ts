import type { Registry } from '../functions/registry.js';
import type { AliasPort } from '../deployments/ports.js';

/** The deployment engine's view of aliases, through the registry: the same rules as UpdateAlias. */
export function registryAliases(registry: Registry): AliasPort {
  return {
    async get(functionName, alias) {
      const record = (await registry.load(functionName))?.aliases.get(alias);
      return record ? { functionVersion: record.functionVersion, routing: record.routing } : undefined;
    },
    async versionExists(functionName, version) {
      const agg = await registry.load(functionName);
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
