import { JSONPath } from 'jsonpath-plus';
import { isObject, type Json } from '../json.js';
import { normalizedPath, parsePath, type ParsedPath } from './path-syntax.js';

export type Selection = { found: true; value: Json } | { found: false };

const parsed = new Map<string, ParsedPath>();

/** Parses once per distinct path text (definitions are validated before they run). */
export function compiledPath(text: string): ParsedPath {
  let path = parsed.get(text);
  if (!path) {
    path = parsePath(text);
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(text, path);
  }
  return path;
}

/**
 * Applies a path as Jayway JsonPath does for Step Functions: a definite path yields its one
 * node (or nothing), an indefinite one (`[*]`, `..`, filters, slices) a list, perhaps empty.
 */
export function select(path: ParsedPath, root: Json): Selection {
  if (path.definite) return walk(path, root);
  const jsonPathText = path.context ? path.text.slice(1) : path.text;
  const result = JSONPath({ path: jsonPathText, json: root as object, wrap: true, eval: 'safe' }) as Json[];
  return { found: true, value: result };
}

function walk(path: ParsedPath, root: Json): Selection {
  let node: Json = root;
  for (const step of path.steps) {
    if (step.kind === 'name') {
      if (!isObject(node) || !Object.hasOwn(node, step.name)) return { found: false };
      node = node[step.name]!;
    } else if (step.kind === 'index') {
      if (!Array.isArray(node)) return { found: false };
      const index = step.index < 0 ? node.length + step.index : step.index;
      if (index < 0 || index >= node.length) return { found: false };
      node = node[index]!;
    } else {
      return { found: false };
    }
  }
  return { found: true, value: node };
}

/**
 * Writes `value` at a reference path (ResultPath), creating the objects on the way, and returns
 * the new document; `root` is not changed. Throws a message when an existing node on the way is
 * not an object (or the index is outside the array).
 */
export function setAtPath(path: ParsedPath, root: Json, value: Json): Json {
  return put(root, path.steps, 0, value, path);
}

function put(node: Json, steps: ParsedPath['steps'], at: number, value: Json, path: ParsedPath): Json {
  const step = steps[at];
  if (!step) return value;
  if (step.kind === 'name') {
    const base = node === undefined ? {} : node;
    if (!isObject(base)) throw new Error(unableToSet(path, step.name));
    const child = Object.hasOwn(base, step.name) ? base[step.name]! : {};
    return { ...base, [step.name]: put(child, steps, at + 1, value, path) };
  }
  if (step.kind === 'index') {
    if (!Array.isArray(node)) throw new Error(unableToSet(path, `[${step.index}]`));
    const index = step.index < 0 ? node.length + step.index : step.index;
    if (index < 0 || index >= node.length) throw new Error(unableToSet(path, `[${step.index}]`));
    const copy = [...node];
    copy[index] = put(node[index]!, steps, at + 1, value, path);
    return copy;
  }
  throw new Error(`${path.text} is not a reference path`);
}

function unableToSet(path: ParsedPath, step: string): string {
  return `Unable to apply ResultPath '${path.text}' (${normalizedPath(path)}): the step '${step}' does not match an object in the input.`;
}
