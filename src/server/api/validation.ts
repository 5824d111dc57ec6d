import { z } from 'zod';
import { SerializationException, ValidationException, type ServiceError } from '../../common/errors.js';
import { InvalidRequestContentException } from '../functions/errors.js';

/**
 * Request shapes are zod schemas; their issues are reported in AWS's own words:
 * `1 validation error detected: Value 'x' at 'memberName' failed to satisfy constraint: ...`.
 * A constraint's AWS wording travels as the issue's message (see the builders below).
 */

/**
 * A member's name in a message. AWS's REST services (Lambda) write `revisionId` or
 * `routingConfig.additionalVersionWeights`; Coral's query and JSON services (CloudWatch, IAM) count
 * list items from 1: `metricData.1.member.dimensions.2.member.name`.
 */
export function memberPath(path: readonly PropertyKey[], lists: 'dropped' | 'members' = 'dropped'): string {
  const parts: string[] = [];
  for (const p of path) {
    if (typeof p === 'number') {
      if (lists === 'members') parts.push(`${p + 1}`, 'member');
    } else if (typeof p === 'string') parts.push(p.charAt(0).toLowerCase() + p.slice(1));
  }
  return parts.join('.');
}

/** The value an issue's path points at in the raw input. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `Value 'x' at 'member' failed to satisfy constraint: ...`, one line of AWS's validation message. */
export function constraintLine(value: unknown, member: string, constraint: string): string {
  const shown =
    value === undefined || value === null
      ? 'null'
      : typeof value === 'string'
        ? `'${value}'`
        : `'${JSON.stringify(value)}'`;
  return `Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}

/** Coral's words for a JSON value of the wrong type: `STRING_VALUE can not be converted to number at 'x'`. */
export function serializationMessage(value: unknown, expected: string, member: string): string {
  const token =
    typeof value === 'string'
      ? 'STRING_VALUE'
      : Array.isArray(value)
        ? 'START_ARRAY'
        : typeof value === 'object'
          ? 'START_OBJECT'
          : 'VALUE';
  return `${token} can not be converted to ${expected} at '${member}'`;
}

/** `2 validation errors detected: <line>; <line>` */
export function validationMessage(lines: readonly string[]): string {
  const n = lines.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${lines.join('; ')}`;
}

/** Lambda's words for a refused request: ValidationException, or a body of the wrong shape. */
export function invalidInput(error: z.ZodError, input: unknown): ServiceError {
  const constraints: string[] = [];
  for (const issue of error.issues) {
    const value = valueAt(input, issue.path);
    const member = memberPath(issue.path);
    if (issue.code === 'invalid_type' && value !== undefined && value !== null) {
      return new InvalidRequestContentException(
        `Could not parse request body into json: '${member || 'body'}' must be ${article(issue.expected)}, not ${describe(value)}`,
      );
    }
    const constraint = issue.code === 'invalid_type' ? 'Member must not be null' : issue.message;
    constraints.push(constraintLine(value, member, constraint));
  }
  return new ValidationException(validationMessage(constraints));
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return article(typeof value);
}

// Builders that carry AWS's constraint wording.

export function awsString(options: { min?: number; max?: number; pattern?: string } = {}): z.ZodString {
  let s = z.string();
  if (options.min !== undefined) {
    s = s.min(options.min, `Member must have length greater than or equal to ${options.min}`);
  }
  if (options.max !== undefined)
    s = s.max(options.max, `Member must have length less than or equal to ${options.max}`);
  if (options.pattern !== undefined) {
    s = s.regex(
      new RegExp(`^(?:${options.pattern})$`),
      `Member must satisfy regular expression pattern: ${options.pattern}`,
    );
  }
  return s;
}

export function awsInt(options: { min?: number; max?: number } = {}): z.ZodNumber {
  let n = z.number().int('Member must be an integer');
  if (options.min !== undefined)
    n = n.min(options.min, `Member must have value greater than or equal to ${options.min}`);
  if (options.max !== undefined)
    n = n.max(options.max, `Member must have value less than or equal to ${options.max}`);
  return n;
}

export function awsEnum<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: `Member must satisfy enum value set: [${values.join(', ')}]` });
}

/** Parses a request body as a JSON object; an empty body is an empty object. */
export function parseJsonBody(body: Uint8Array): unknown {
  if (body.length === 0) return {};
  const text = Buffer.from(body).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidRequestContentException(
      `Could not parse request body into json: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidRequestContentException(
      'Could not parse request body into json: the body must be a JSON object',
    );
  }
  return value;
}

/**
 * Coral's answer (CloudWatch, IAM) to a request its operation's schema refused: one validation
 * error naming every constraint (`1 validation error detected: Value '' at 'alarmName' failed to
 * satisfy constraint: ...`, member paths as `metricData.1.member.value`), in the service's error
 * class. In AWS JSON a value of the wrong type is a SerializationException instead.
 */
export function coralInvalid(
  error: z.ZodError,
  input: unknown,
  o: { json: boolean; validation: (message: string) => ServiceError },
): ServiceError {
  const lines: string[] = [];
  for (const issue of error.issues) {
    const value = valueAt(input, issue.path);
    const member = memberPath(issue.path, 'members');
    if (issue.code === 'invalid_type' && value !== undefined && value !== null) {
      if (o.json) return new SerializationException(serializationMessage(value, issue.expected, member));
      const expected = issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
      lines.push(constraintLine(value, member, `Member must be ${expected}`));
      continue;
    }
    const constraint = issue.code === 'invalid_type' ? 'Member must not be null' : issue.message;
    lines.push(constraintLine(value, member, constraint));
  }
  return o.validation(validationMessage(lines));
}
