/** A decoded awsQuery request: `Action`, `Version` and the members as nested objects and lists. */
export interface QueryForm {
  action: string | undefined;
  version: string | undefined;
  params: Record<string, unknown>;
}

type Node = Record<string, unknown>;

function node(): Node {
  return Object.create(null) as Node;
}

/**
 * Decodes a form body: `A.member.2.B=x` becomes `{ A: [_, { B: 'x' }] }` and `M.entry.1.key=k`
 * `M.entry.1.value=v` becomes `{ M: { k: 'v' } }`. Values stay strings; the operation's schema
 * converts them.
 */
export function decodeQueryForm(body: Uint8Array): QueryForm {
  const form = new URLSearchParams(Buffer.from(body).toString('utf8'));
  const root = node();
  let action: string | undefined;
  let version: string | undefined;
  for (const [key, value] of form) {
    if (key === 'Action') action = value;
    else if (key === 'Version') version = value;
    else insert(root, key.split('.'), value);
  }
  return { action, version, params: normalize(root) as Record<string, unknown> };
}

function insert(root: Node, path: string[], value: string): void {
  let current = root;
  path.forEach((part, i) => {
    if (i === path.length - 1) {
      // `X=` (an empty list) and `X.member.1=...` together: the members win.
      if (!(part in current) || typeof current[part] === 'string') current[part] = value;
      return;
    }
    const next = current[part];
    if (next === undefined || typeof next === 'string') current[part] = node();
    current = current[part] as Node;
  });
}

function isIndexed(n: Node): boolean {
  return Object.keys(n).every((k) => /^[1-9]\d*$/.test(k));
}

function normalize(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const n = value as Node;
  const keys = Object.keys(n);
  if (
    keys.length === 1 &&
    keys[0] === 'member' &&
    typeof n['member'] === 'object' &&
    isIndexed(n['member'] as Node)
  ) {
    const members = n['member'] as Node;
    return Object.keys(members)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => normalize(members[k]));
  }
  if (
    keys.length === 1 &&
    keys[0] === 'entry' &&
    typeof n['entry'] === 'object' &&
    isIndexed(n['entry'] as Node)
  ) {
    const entries = n['entry'] as Node;
    const map = node();
    for (const k of Object.keys(entries)) {
      const e = entries[k] as Node;
      if (typeof e['key'] === 'string') map[e['key']] = normalize(e['value']);
    }
    return map;
  }
  const out = node();
  for (const k of keys) out[k] = normalize(n[k]);
  return out;
}
