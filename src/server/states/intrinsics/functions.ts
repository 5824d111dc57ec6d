import { createHash } from 'node:crypto';
import { isObject, jsonEquals, toJsonText, type Json, type JsonObject } from '../json.js';

/** What an intrinsic may draw on besides its arguments: chance, injected. */
export interface IntrinsicEnv {
  /** A float in [0, 1). */
  random(): number;
  uuid(): string;
}

export interface IntrinsicFunction {
  minArgs: number;
  maxArgs: number;
  /** `raws[i]` is the escaped text of a literal string argument (States.Format's template). */
  run(args: Json[], env: IntrinsicEnv, raws: (string | undefined)[]): Json;
}

/** Thrown with the detail that follows "had the following error:" in AWS's cause. */
export class IntrinsicArgumentError extends Error {}

const MAX_INT = 2_147_483_647;
const MIN_INT = -2_147_483_648;
const MAX_STRING = 10_000;

const fail = (message: string): never => {
  throw new IntrinsicArgumentError(message);
};

function array(value: Json, fn: string): Json[] {
  return Array.isArray(value) ? value : fail(`${fn} expects an array as its first argument`);
}

function integer(value: Json, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value > MAX_INT || value < MIN_INT) {
    fail(`${what} must be an integer between ${MIN_INT} and ${MAX_INT}`);
  }
  return value as number;
}

function text(value: Json, what: string, limit = Infinity): string {
  if (typeof value !== 'string') return fail(`${what} must be a string`);
  if (value.length > limit) return fail(`${what} must be at most ${limit} characters`);
  return value;
}

/** A States.Format template: `{}` takes the next argument; `\{`, `\}`, `\'` and `\\` are literal. */
function format(template: string, values: Json[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '\\' && i + 1 < template.length) {
      out += template[++i];
    } else if (c === '{' && template[i + 1] === '}') {
      if (next >= values.length)
        fail('the number of arguments does not match the number of {} in the template');
      const value = values[next++]!;
      if (isObject(value) || Array.isArray(value))
        fail('States.Format arguments must be strings, numbers, booleans or null');
      out += typeof value === 'string' ? value : JSON.stringify(value);
      i++;
    } else {
      out += c;
    }
  }
  if (next !== values.length) fail('the number of arguments does not match the number of {} in the template');
  return out;
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** A reproducible integer stream for States.MathRandom's optional seed (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The intrinsic functions of the Amazon States Language ("Intrinsic functions"). */
export const INTRINSICS: Record<string, IntrinsicFunction> = {
  'States.Format': {
    minArgs: 1,
    maxArgs: Infinity,
    run: ([template, ...rest], _env, raws) =>
      format(raws[0] ?? text(template ?? null, 'The template of States.Format'), rest),
  },
  'States.StringToJson': {
    minArgs: 1,
    maxArgs: 1,
    run: ([value]) => {
      const source = text(value!, 'The argument of States.StringToJson');
      try {
        return JSON.parse(source) as Json;
      } catch {
        return fail(`the string is not valid JSON: ${source}`);
      }
    },
  },
  'States.JsonToString': { minArgs: 1, maxArgs: 1, run: ([value]) => toJsonText(value!) },
  'States.Array': { minArgs: 0, maxArgs: Infinity, run: (args) => args },
  'States.ArrayPartition': {
    minArgs: 2,
    maxArgs: 2,
    run: ([items, size]) => {
      const list = array(items!, 'States.ArrayPartition');
      const chunk = integer(size!, 'The chunk size');
      if (chunk <= 0) fail('The chunk size must be a positive integer');
      const chunks: Json[] = [];
      for (let i = 0; i < list.length; i += chunk) chunks.push(list.slice(i, i + chunk));
      return chunks;
    },
  },
  'States.ArrayContains': {
    minArgs: 2,
    maxArgs: 2,
    run: ([items, wanted]) => array(items!, 'States.ArrayContains').some((v) => jsonEquals(v, wanted!)),
  },
  'States.ArrayRange': {
    minArgs: 3,
    maxArgs: 3,
    run: ([start, end, step]) => {
      const [from, to, by] = [
        integer(start!, 'The start'),
        integer(end!, 'The end'),
        integer(step!, 'The step'),
      ];
      if (by === 0) fail('The step must not be 0');
      const out: number[] = [];
      for (let v = from; by > 0 ? v <= to : v >= to; v += by) {
        out.push(v);
        if (out.length > 1000) fail('States.ArrayRange can produce at most 1000 items');
      }
      return out;
    },
  },
  'States.ArrayGetItem': {
    minArgs: 2,
    maxArgs: 2,
    run: ([items, index]) => {
      const list = array(items!, 'States.ArrayGetItem');
      const i = integer(index!, 'The index');
      if (i < 0 || i >= list.length)
        fail(`The index ${i} is out of bounds for an array of ${list.length} items`);
      return list[i]!;
    },
  },
  'States.ArrayLength': {
    minArgs: 1,
    maxArgs: 1,
    run: ([items]) => array(items!, 'States.ArrayLength').length,
  },
  'States.ArrayUnique': {
    minArgs: 1,
    maxArgs: 1,
    run: ([items]) => {
      const out: Json[] = [];
      for (const v of array(items!, 'States.ArrayUnique'))
        if (!out.some((u) => jsonEquals(u, v))) out.push(v);
      return out;
    },
  },
  'States.Base64Encode': {
    minArgs: 1,
    maxArgs: 1,
    run: ([value]) =>
      Buffer.from(text(value!, 'The argument of States.Base64Encode', MAX_STRING), 'utf8').toString('base64'),
  },
  'States.Base64Decode': {
    minArgs: 1,
    maxArgs: 1,
    run: ([value]) => {
      const encoded = text(value!, 'The argument of States.Base64Decode', MAX_STRING);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1)
        fail('the string is not valid base64');
      return Buffer.from(encoded, 'base64').toString('utf8');
    },
  },
  'States.Hash': {
    minArgs: 2,
    maxArgs: 2,
    run: ([data, algorithm]) => {
      const input = typeof data === 'string' ? data : toJsonText(data!);
      if (input.length > MAX_STRING) fail(`The data to hash must be at most ${MAX_STRING} characters`);
      const name = HASHES[text(algorithm!, 'The hash algorithm')];
      if (!name) fail(`The hash algorithm must be one of ${Object.keys(HASHES).join(', ')}`);
      return createHash(name!).update(input, 'utf8').digest('hex');
    },
  },
  'States.JsonMerge': {
    minArgs: 3,
    maxArgs: 3,
    run: ([a, b, deep]) => {
      if (!isObject(a!) || !isObject(b!)) fail('States.JsonMerge merges two JSON objects');
      if (deep !== false)
        fail('States.JsonMerge supports only a shallow merge: its third argument must be false');
      return { ...(a as JsonObject), ...(b as JsonObject) };
    },
  },
  'States.MathRandom': {
    minArgs: 2,
    maxArgs: 3,
    run: ([start, end, seed], env) => {
      const [from, to] = [integer(start!, 'The start'), integer(end!, 'The end')];
      if (to <= from) fail('The end must be greater than the start');
      const draw = seed === undefined ? env.random() : seeded(integer(seed, 'The seed'))();
      return from + Math.floor(draw * (to - from));
    },
  },
  'States.MathAdd': {
    minArgs: 2,
    maxArgs: 2,
    run: ([a, b]) => {
      const sum = integer(a!, 'The first value') + integer(b!, 'The step');
      return integer(sum, 'The sum');
    },
  },
  'States.StringSplit': {
    minArgs: 2,
    maxArgs: 2,
    run: ([value, delimiters]) => {
      const source = text(value!, 'The string to split');
      const chars = new Set(text(delimiters!, 'The delimiter'));
      const parts: string[] = [];
      let current = '';
      for (const c of source) {
        if (chars.has(c)) {
          if (current !== '') parts.push(current);
          current = '';
        } else current += c;
      }
      if (current !== '') parts.push(current);
      return parts;
    },
  },
  'States.UUID': { minArgs: 0, maxArgs: 0, run: (_args, env) => env.uuid() },
};
