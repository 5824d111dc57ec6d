import { runtimeError } from '../errors/states-error.js';
import { evaluateIntrinsic } from '../intrinsics/evaluate.js';
import type { IntrinsicEnv } from '../intrinsics/functions.js';
import { looksLikeIntrinsic, parseIntrinsic, type Call } from '../intrinsics/parse.js';
import { isObject, toJsonText, type Json, type JsonObject } from '../json.js';
import { compiledPath, select } from '../paths/evaluate.js';

const calls = new Map<string, Call>();

function compiledCall(text: string): Call {
  let call = calls.get(text);
  if (!call) {
    call = parseIntrinsic(text);
    if (calls.size > 10_000) calls.clear();
    calls.set(text, call);
  }
  return call;
}

/**
 * Builds a payload from a template (Parameters, ResultSelector, ItemSelector): a field whose
 * name ends in `.$` takes the value of its path (`$...` into the input, `$$...` into the context
 * object) or intrinsic function; other fields are copied, objects and arrays recursively.
 */
export function applyTemplate(
  template: JsonObject,
  input: Json,
  context: Json,
  env: IntrinsicEnv,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      out[key.slice(0, -2)] = dynamic(key, value, input, context, env);
    } else {
      out[key] = copy(value, input, context, env);
    }
  }
  return out;
}

function copy(value: Json, input: Json, context: Json, env: IntrinsicEnv): Json {
  if (isObject(value)) return applyTemplate(value, input, context, env);
  if (Array.isArray(value)) return value.map((item) => copy(item, input, context, env));
  return value;
}

function dynamic(key: string, text: string, input: Json, context: Json, env: IntrinsicEnv): Json {
  if (looksLikeIntrinsic(text)) return evaluateIntrinsic(text, compiledCall(text), input, context, env);
  const path = compiledPath(text);
  const root = path.context ? context : input;
  const found = select(path, root);
  if (!found.found) {
    throw runtimeError(
      `The JSONPath '${text}' specified for the field '${key}' could not be found in the input '${toJsonText(root)}'`,
    );
  }
  return found.value;
}
