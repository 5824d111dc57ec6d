import { TemplateError, unsupported } from './errors.js';

const TYPES = new Set(['String', 'Number', 'CommaDelimitedList']);
const KEYS = new Set([
  'Type',
  'Default',
  'AllowedValues',
  'AllowedPattern',
  'MinLength',
  'MaxLength',
  'MinValue',
  'MaxValue',
  'Description',
  'ConstraintDescription',
  'NoEcho',
]);

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Parses `--parameter-overrides`: `Key=Value` items, or SAM's `ParameterKey=K,ParameterValue=V`.
 */
export function parseOverrides(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const sam = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(item);
    const plain = /^([^=]+)=(.*)$/.exec(item);
    const match = sam ?? plain;
    if (!match) throw new TemplateError('--parameter-overrides', `"${item}" is not Key=Value`);
    out[match[1]!] = match[2]!;
  }
  return out;
}

/** The template's parameters with their values: overrides, else defaults, each checked. */
export function resolveParameters(
  declared: unknown,
  overrides: Readonly<Record<string, string>>,
): Map<string, string | string[]> {
  const values = new Map<string, string | string[]>();
  if (declared === undefined) declared = {};
  if (!declared || typeof declared !== 'object' || Array.isArray(declared))
    throw new TemplateError('Parameters', 'must be a mapping');
  const params = declared as Record<string, unknown>;
  for (const key of Object.keys(overrides)) {
    if (!(key in params))
      throw new TemplateError('--parameter-overrides', `${key} is not a parameter of the template`);
  }
  for (const [name, spec] of Object.entries(params)) {
    const path = `Parameters.${name}`;
    if (!spec || typeof spec !== 'object' || Array.isArray(spec))
      throw new TemplateError(path, 'must be a mapping with a Type');
    const p = spec as Record<string, unknown>;
    for (const key of Object.keys(p)) if (!KEYS.has(key)) throw unsupported(`${path}.${key}`);
    const type = p['Type'];
    if (typeof type !== 'string') throw new TemplateError(`${path}.Type`, 'is required');
    if (!TYPES.has(type)) throw new TemplateError(`${path}.Type`, `${type} is not supported by gradual`);
    const given = overrides[name] ?? scalar(p['Default']);
    if (given === undefined)
      throw new TemplateError(
        path,
        `has no value: give it a Default or pass --parameter-overrides ${name}=...`,
      );
    const fail = (why: string): never => {
      const hint = typeof p['ConstraintDescription'] === 'string' ? ` (${p['ConstraintDescription']})` : '';
      throw new TemplateError(path, `${JSON.stringify(given)} ${why}${hint}`);
    };
    if (Array.isArray(p['AllowedValues'])) {
      const allowed = p['AllowedValues'].map(scalar);
      if (!allowed.includes(given)) fail(`is not one of the AllowedValues: ${allowed.join(', ')}`);
    }
    if (type === 'Number') {
      const n = Number(given);
      if (given.trim() === '' || !Number.isFinite(n)) fail('is not a number');
      if (typeof p['MinValue'] === 'number' && n < p['MinValue'])
        fail(`is less than MinValue ${p['MinValue']}`);
      if (typeof p['MaxValue'] === 'number' && n > p['MaxValue'])
        fail(`is more than MaxValue ${p['MaxValue']}`);
    }
    if (type === 'String') {
      if (typeof p['AllowedPattern'] === 'string' && !new RegExp(`^(?:${p['AllowedPattern']})$`).test(given))
        fail(`does not match AllowedPattern ${p['AllowedPattern']}`);
      if (typeof p['MinLength'] === 'number' && given.length < p['MinLength'])
        fail(`is shorter than MinLength ${p['MinLength']}`);
      if (typeof p['MaxLength'] === 'number' && given.length > p['MaxLength'])
        fail(`is longer than MaxLength ${p['MaxLength']}`);
    }
    values.set(name, type === 'CommaDelimitedList' ? given.split(',').map((s) => s.trim()) : given);
  }
  return values;
}
