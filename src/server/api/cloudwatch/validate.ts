import type { z } from 'zod';
import { SerializationException } from '../../../common/errors.js';
import { ValidationError } from '../../metrics/errors.js';

/** Coral's member paths: `metricData.1.member.dimensions.2.member.name` (lists are 1-based). */
export function memberPath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const p of path) {
    if (typeof p === 'number') parts.push(`${p + 1}`, 'member');
    else if (typeof p === 'string') parts.push(p.charAt(0).toLowerCase() + p.slice(1));
  }
  return parts.join('.');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  return `'${JSON.stringify(value)}'`;
}

/**
 * Parses a request with its operation's schema or throws CloudWatch's error: `ValidationError`
 * with `1 validation error detected: Value '' at 'alarmName' failed to satisfy constraint: ...`
 * [V-AWS]. A JSON value of the wrong type is a SerializationException, as in AWS JSON services.
 */
export function parseCloudWatchInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  json: boolean,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const constraints: string[] = [];
  for (const issue of result.error.issues) {
    const value = valueAt(input, issue.path);
    const member = memberPath(issue.path);
    if (issue.code === 'invalid_type' && value !== undefined && value !== null) {
      if (json) {
        throw new SerializationException(
          `${typeof value === 'string' ? 'STRING_VALUE' : Array.isArray(value) ? 'START_ARRAY' : typeof value === 'object' ? 'START_OBJECT' : 'VALUE'} can not be converted to ${issue.expected} at '${member}'`,
        );
      }
      constraints.push(
        `Value ${show(value)} at '${member}' failed to satisfy constraint: Member must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`,
      );
      continue;
    }
    const constraint = issue.code === 'invalid_type' ? 'Member must not be null' : issue.message;
    constraints.push(`Value ${show(value)} at '${member}' failed to satisfy constraint: ${constraint}`);
  }
  const n = constraints.length;
  throw new ValidationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${constraints.join('; ')}`);
}
