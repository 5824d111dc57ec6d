import { intrinsicOf } from './intrinsics.js';

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !intrinsicOf(value);
}

/**
 * SAM's Globals merge: the function's own value wins for scalars and intrinsics, mappings merge key
 * by key (recursively), lists are concatenated (globals first).
 */
export function mergeGlobals(global: unknown, local: unknown): unknown {
  if (local === undefined) return global;
  if (global === undefined) return local;
  if (isPlainMap(global) && isPlainMap(local)) {
    const out: Record<string, unknown> = { ...global };
    for (const [key, value] of Object.entries(local)) out[key] = mergeGlobals(global[key], value);
    return out;
  }
  if (Array.isArray(global) && Array.isArray(local))
    return [...(global as unknown[]), ...(local as unknown[])];
  return local;
}
