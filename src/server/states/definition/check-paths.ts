import { checkCall } from '../intrinsics/evaluate.js';
import { looksLikeIntrinsic, parseIntrinsic } from '../intrinsics/parse.js';
import { isObject, type Json } from '../json.js';
import { parsePath, parseReferencePath } from '../paths/path-syntax.js';
import { schemaError, type Diagnostic, type Location } from './diagnostics.js';

/**
 * What a field accepts: `path` (InputPath, OutputPath: any JsonPath over the input), `result`
 * (ResultPath: a reference path into the input), `reference` (a reference path into the input
 * or, with `$$`, the context object), `referenceOrIntrinsic` (Fail's ErrorPath and CausePath).
 */
export type PathKind = 'path' | 'result' | 'reference' | 'referenceOrIntrinsic';

const WORDING: Record<PathKind, string> = {
  path: 'a valid JSONPath',
  result: 'a valid ReferencePath',
  reference: 'a valid ReferencePath',
  referenceOrIntrinsic: 'a valid ReferencePath or a valid intrinsic function call',
};

export function validPath(value: string, kind: PathKind): boolean {
  try {
    if (kind === 'referenceOrIntrinsic' && looksLikeIntrinsic(value)) {
      checkCall(parseIntrinsic(value));
      return true;
    }
    const parsed = kind === 'path' ? parsePath(value) : parseReferencePath(value);
    return !(parsed.context && (kind === 'path' || kind === 'result'));
  } catch {
    return false;
  }
}

/** A path field's diagnostics (none when absent or null, which every path field allows). */
export function checkPathField(
  state: Record<string, unknown>,
  field: string,
  kind: PathKind,
  at: Location,
): Diagnostic[] {
  const value = state[field];
  if (typeof value !== 'string' || validPath(value, kind)) return [];
  return [schemaError(`The value for the field '${field}' must be ${WORDING[kind]}`, [...at, field])];
}

/**
 * A payload template (Parameters, ResultSelector, ItemSelector): every `name.$` field must hold a
 * path or an intrinsic function call, at any depth.
 */
export function checkTemplate(template: Json, at: Location): Diagnostic[] {
  if (Array.isArray(template)) return template.flatMap((item, i) => checkTemplate(item, [...at, i]));
  if (!isObject(template)) return [];
  return Object.entries(template).flatMap(([key, value]) => {
    if (!key.endsWith('.$')) return checkTemplate(value, [...at, key]);
    if (typeof value === 'string' && validDynamicValue(value)) return [];
    return [
      schemaError(
        `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`,
        at,
      ),
    ];
  });
}

function validDynamicValue(value: string): boolean {
  try {
    if (looksLikeIntrinsic(value)) {
      checkCall(parseIntrinsic(value));
      return true;
    }
    parsePath(value);
    return true;
  } catch {
    return false;
  }
}
