import { TemplateError, unsupported } from './errors.js';
import { isRecord } from '../../common/is-record.js';

/** `Ref: AWS::NoValue`: the property is removed, as if never written. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** What intrinsic functions can see: parameters, mappings, conditions and the stack's resources. */
export interface ResolveContext {
  /** Parameter values and pseudo parameters (`AWS::Region`, ...). */
  parameters: ReadonlyMap<string, string | string[]>;
  mappings: Readonly<Record<string, unknown>>;
  condition(name: string, path: string): boolean;
  /** `Ref` of a resource (`Fn`, or SAM's `Fn.Alias`), or undefined when no such resource exists. */
  resourceRef(name: string, path: string): string | undefined;
  /** `Fn::GetAtt`; throws a TemplateError for unknown resources or attributes. */
  resourceAttr(logicalId: string, attribute: string, path: string): string;
  /** `Fn::ImportValue`: another stack's export; absent where exports are not known (client side). */
  importValue?(name: string, path: string): string;
}

const FUNCTION_KEYS = new Set([
  'Ref',
  'Condition',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAZs',
  'Fn::GetAtt',
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::Transform',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Length',
  'Fn::ToJsonString',
]);

/** The intrinsic a value is, if it is one: a mapping of exactly one `Ref` / `Fn::` key. */
export function intrinsicOf(value: unknown): [string, unknown] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  if (key === 'Ref' || key.startsWith('Fn::')) return [key, (value as Record<string, unknown>)[key]];
  return undefined;
}

/** Resolves every intrinsic function in `value`; `path` names where it is, for errors. */
export function resolveValue(value: unknown, path: string, ctx: ResolveContext): unknown {
  if (Array.isArray(value)) {
    return value
      .map((item, i) => resolveValue(item, `${path}[${i}]`, ctx))
      .filter((item) => item !== NO_VALUE);
  }
  if (!isRecord(value)) return value;
  const fn = intrinsicOf(value);
  if (fn) return resolveFunction(fn[0], fn[1], `${path}.${fn[0]}`, ctx);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolveValue(item, `${path}.${key}`, ctx);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** A value that must come out as a string (numbers are written as CloudFormation writes them). */
export function resolveString(value: unknown, path: string, ctx: ResolveContext): string {
  const resolved = resolveValue(value, path, ctx);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new TemplateError(path, `must be a string, got ${describe(resolved)}`);
}

function describe(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : JSON.stringify(value);
}

function args(value: unknown, count: number, path: string, shape: string): unknown[] {
  if (!Array.isArray(value) || value.length !== count) throw new TemplateError(path, `must be ${shape}`);
  return value;
}

function resolveList(value: unknown, path: string, ctx: ResolveContext): unknown[] {
  const resolved = resolveValue(value, path, ctx);
  if (!Array.isArray(resolved)) throw new TemplateError(path, `must be a list, got ${describe(resolved)}`);
  return resolved;
}

export function resolveCondition(value: unknown, path: string, ctx: ResolveContext): boolean {
  if (isRecord(value) && Object.keys(value).length === 1 && 'Condition' in value) {
    const name = value['Condition'];
    if (typeof name !== 'string') throw new TemplateError(`${path}.Condition`, 'must be a condition name');
    return ctx.condition(name, `${path}.Condition`);
  }
  const resolved = resolveValue(value, path, ctx);
  if (typeof resolved === 'boolean') return resolved;
  if (resolved === 'true' || resolved === 'false') return resolved === 'true';
  throw new TemplateError(path, `must be a condition (Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition)`);
}

function ref(name: unknown, path: string, ctx: ResolveContext): unknown {
  if (typeof name !== 'string') throw new TemplateError(path, 'must be the name of a parameter or resource');
  if (name === 'AWS::NoValue') return NO_VALUE;
  const parameter = ctx.parameters.get(name);
  if (parameter !== undefined) return parameter;
  if (name.startsWith('AWS::'))
    throw new TemplateError(path, `pseudo parameter ${name} is ${'not supported by gradual'}`);
  const resource = ctx.resourceRef(name, path);
  if (resource !== undefined) return resource;
  throw new TemplateError(path, `unresolved reference: ${name} is neither a parameter nor a resource`);
}

function sub(value: unknown, path: string, ctx: ResolveContext): string {
  let text: unknown = value;
  let vars: Record<string, unknown> = {};
  if (Array.isArray(value)) {
    const [t, v] = args(value, 2, path, 'a string, or a list of a string and a mapping of variables');
    if (!isRecord(v)) throw new TemplateError(`${path}[1]`, 'must be a mapping of variables');
    text = t;
    vars = v;
  }
  if (typeof text !== 'string')
    throw new TemplateError(path, 'must be a string, or a list of a string and a mapping of variables');
  return text.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in vars) return resolveString(vars[name], `${path}[1].${name}`, ctx);
    const parameter = ctx.parameters.get(name);
    if (parameter !== undefined) {
      if (Array.isArray(parameter)) throw new TemplateError(path, `\${${name}} is a list, not a string`);
      return parameter;
    }
    const resource = ctx.resourceRef(name, path);
    if (resource !== undefined) return resource;
    const dot = name.indexOf('.');
    if (dot > 0) return ctx.resourceAttr(name.slice(0, dot), name.slice(dot + 1), path);
    if (name.startsWith('AWS::'))
      throw new TemplateError(path, `pseudo parameter ${name} is not supported by gradual`);
    throw new TemplateError(path, `unresolved reference: \${${name}} is neither a parameter nor a resource`);
  });
}

function resolveFunction(key: string, arg: unknown, path: string, ctx: ResolveContext): unknown {
  switch (key) {
    case 'Ref':
      return ref(arg, path, ctx);
    case 'Fn::GetAtt': {
      let parts = arg;
      if (typeof parts === 'string') {
        const dot = parts.indexOf('.');
        parts = dot < 0 ? [parts] : [parts.slice(0, dot), parts.slice(dot + 1)];
      }
      const [id, attribute] = args(parts, 2, path, 'a resource and an attribute ([Fn, Arn] or Fn.Arn)');
      const attr = resolveValue(attribute, `${path}[1]`, ctx);
      if (typeof id !== 'string' || typeof attr !== 'string')
        throw new TemplateError(path, 'must be a resource and an attribute ([Fn, Arn] or Fn.Arn)');
      return ctx.resourceAttr(id, attr, path);
    }
    case 'Fn::Sub':
      return sub(arg, path, ctx);
    case 'Fn::Join': {
      const [delimiter, list] = args(arg, 2, path, 'a delimiter and a list');
      if (typeof delimiter !== 'string') throw new TemplateError(`${path}[0]`, 'must be a string');
      return resolveList(list, `${path}[1]`, ctx)
        .map((item, i) => resolveString(item, `${path}[1][${i}]`, ctx))
        .join(delimiter);
    }
    case 'Fn::Select': {
      const [index, list] = args(arg, 2, path, 'an index and a list');
      const i = Number(resolveValue(index, `${path}[0]`, ctx));
      const items = resolveList(list, `${path}[1]`, ctx);
      if (!Number.isInteger(i) || i < 0 || i >= items.length)
        throw new TemplateError(`${path}[0]`, `index out of range (the list has ${items.length} items)`);
      return items[i];
    }
    case 'Fn::Split': {
      const [delimiter, source] = args(arg, 2, path, 'a delimiter and a string');
      if (typeof delimiter !== 'string') throw new TemplateError(`${path}[0]`, 'must be a string');
      return resolveString(source, `${path}[1]`, ctx).split(delimiter);
    }
    case 'Fn::ImportValue':
      if (!ctx.importValue) throw unsupported(path);
      return ctx.importValue(resolveString(arg, path, ctx), path);
    case 'Fn::Base64':
      return Buffer.from(resolveString(arg, path, ctx)).toString('base64');
    case 'Fn::FindInMap': {
      const [map, top, second] = args(arg, 3, path, 'a map name, a top-level key and a second-level key');
      const names = [map, top, second].map((v, i) => resolveString(v, `${path}[${i}]`, ctx));
      let found: unknown = ctx.mappings;
      for (const name of names) {
        found = isRecord(found) ? found[name] : undefined;
        if (found === undefined) throw new TemplateError(path, `Mappings has no ${names.join('.')}`);
      }
      return found;
    }
    case 'Fn::If': {
      const [condition, yes, no] = args(
        arg,
        3,
        path,
        'a condition name, a value if true and a value if false',
      );
      if (typeof condition !== 'string') throw new TemplateError(`${path}[0]`, 'must be a condition name');
      return ctx.condition(condition, `${path}[0]`)
        ? resolveValue(yes, `${path}[1]`, ctx)
        : resolveValue(no, `${path}[2]`, ctx);
    }
    case 'Fn::Equals': {
      const [a, b] = args(arg, 2, path, 'a list of two values');
      return equalValues(resolveValue(a, `${path}[0]`, ctx), resolveValue(b, `${path}[1]`, ctx));
    }
    case 'Fn::Not': {
      const [only] = args(arg, 1, path, 'a list of one condition');
      return !resolveCondition(only, `${path}[0]`, ctx);
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10)
        throw new TemplateError(path, 'must be a list of 2 to 10 conditions');
      const values = arg.map((c, i) => resolveCondition(c, `${path}[${i}]`, ctx));
      return key === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
    }
    default:
      if (FUNCTION_KEYS.has(key)) throw unsupported(path);
      throw new TemplateError(path, `unknown intrinsic function ${key}`);
  }
}

function equalValues(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string =>
    typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return norm(a) === norm(b);
}
