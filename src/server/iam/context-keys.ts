/**
 * The request context a policy is evaluated against ("The request context" in the IAM User
 * Guide): condition keys and their values. Key names compare case-insensitively, values do not.
 */
export type ContextKeys = ReadonlyMap<string, readonly string[]>;

/** Builds context keys from names as AWS spells them; a string is a single-valued key. */
export function contextKeys(
  entries: Readonly<Record<string, string | readonly string[] | undefined>>,
): ContextKeys {
  const map = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    map.set(key.toLowerCase(), typeof value === 'string' ? [value] : value);
  }
  return map;
}

export function contextValues(keys: ContextKeys, key: string): readonly string[] | undefined {
  return keys.get(key.toLowerCase());
}

/** Policy variables take single-valued keys only. */
export function variableLookup(keys: ContextKeys): (key: string) => string | undefined {
  return (key) => {
    const values = keys.get(key.toLowerCase());
    return values?.length === 1 ? values[0] : undefined;
  };
}
