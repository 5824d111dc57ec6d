import { ValidationError } from '../../cloudformation/errors.js';

/** Reading an awsQuery request's members (strings, `member` lists of structures). */
export type Params = Record<string, unknown>;

export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return typeof v === 'string' ? v : undefined;
}

export function required(p: Params, key: string): string {
  const v = str(p, key);
  if (v === undefined || v === '')
    throw new ValidationError(
      `1 validation error detected: Value null at '${key.charAt(0).toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}

export function list(p: Params, key: string): Params[] {
  const v = p[key];
  return Array.isArray(v) ? (v as Params[]) : [];
}

export function strings(p: Params, key: string): string[] {
  const v = p[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function parametersOf(p: Params): { key: string; value?: string; usePrevious?: boolean }[] {
  return list(p, 'Parameters').map((m) => ({
    key: str(m, 'ParameterKey') ?? '',
    ...(str(m, 'ParameterValue') !== undefined ? { value: str(m, 'ParameterValue') } : {}),
    ...(str(m, 'UsePreviousValue') === 'true' ? { usePrevious: true } : {}),
  }));
}

export function tagsOf(p: Params): { key: string; value: string }[] {
  return list(p, 'Tags').map((m) => ({ key: str(m, 'Key') ?? '', value: str(m, 'Value') ?? '' }));
}
