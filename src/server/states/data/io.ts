import { runtimeError } from '../errors/states-error.js';
import type { Json } from '../json.js';
import { compiledPath, select, setAtPath } from '../paths/evaluate.js';
import { normalizedPath } from '../paths/path-syntax.js';

/** How a field was written: absent (the default `$`), `null`, or a path. */
export type PathField = string | null | undefined;

/**
 * InputPath and OutputPath: absent selects the whole document, `null` gives `{}`, a path that
 * matches nothing fails the state with States.Runtime.
 */
export function applyPath(field: PathField, document: Json, context: Json): Json {
  if (field === undefined) return document;
  if (field === null) return {};
  const path = compiledPath(field);
  const found = select(path, path.context ? context : document);
  if (!found.found)
    throw runtimeError(`Invalid path '${field}' : No results for path: ${normalizedPath(path)}`);
  return found.value;
}

/** ResultPath: absent replaces the input with the result, `null` discards the result. */
export function applyResultPath(field: PathField, input: Json, result: Json): Json {
  if (field === undefined || field === '$') return result;
  if (field === null) return input;
  try {
    return setAtPath(compiledPath(field), input, result);
  } catch (error) {
    throw runtimeError(error instanceof Error ? error.message : String(error));
  }
}
