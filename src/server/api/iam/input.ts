import { ValidationError } from '../../iam/errors.js';

/** The members of a query-protocol request, as the form decoder gives them. */
export type Params = Readonly<Record<string, unknown>>;

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function invalid(value: string | undefined, member: string, constraint: string): never {
  const shown = value === undefined ? 'null' : `'${value}'`;
  throw new ValidationError(
    `1 validation error detected: Value ${shown} at '${lowerFirst(member)}' failed to satisfy constraint: ${constraint}`,
  );
}

export function optional(params: Params, member: string): string | undefined {
  const value = params[member];
  return typeof value === 'string' ? value : undefined;
}

export function required(params: Params, member: string): string {
  const value = optional(params, member);
  if (value === undefined) invalid(undefined, member, 'Member must not be null');
  return value;
}

export function optionalInt(params: Params, member: string): number | undefined {
  const value = optional(params, member);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) invalid(value, member, 'Member must be a number');
  return Number(value);
}

export function optionalBool(params: Params, member: string): boolean | undefined {
  const value = optional(params, member);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') invalid(value, member, 'Member must be a boolean');
  return value === 'true';
}

export function oneOf<T extends string>(
  params: Params,
  member: string,
  allowed: readonly T[],
): T | undefined {
  const value = optional(params, member);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    invalid(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

export function paging(params: Params): { marker: string | undefined; maxItems: number | undefined } {
  return { marker: optional(params, 'Marker'), maxItems: optionalInt(params, 'MaxItems') };
}
