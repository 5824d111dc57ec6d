import type { z } from 'zod';
import { schemaError, type Diagnostic, type Location } from './diagnostics.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'STRING',
  number: 'NUMBER',
  int: 'INTEGER',
  boolean: 'BOOLEAN',
  object: 'OBJECT',
  record: 'OBJECT',
  array: 'ARRAY',
  null: 'NULL',
};

/** Turns zod's issues into AWS-worded SCHEMA_VALIDATION_FAILED diagnostics at their location. */
export function issuesToDiagnostics(issues: z.core.$ZodIssue[], at: Location): Diagnostic[] {
  return issues.flatMap((issue) => {
    const path = [...at, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    const field = String(issue.path[issue.path.length - 1] ?? at[at.length - 1] ?? '');
    const parent = path.slice(0, -1);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => schemaError(`Field '${key}' is not supported`, path));
      case 'invalid_type':
        if (issue.input === undefined)
          return [schemaError(`The field '${field}' is required but was missing`, parent)];
        return [
          schemaError(
            `The value for the field '${field}' must be ${article(TYPE_NAMES[issue.expected] ?? issue.expected.toUpperCase())}`,
            path,
          ),
        ];
      case 'invalid_value':
        return [
          schemaError(
            `The field '${field}' should have one of these values: [${issue.values.join(', ')}]`,
            path,
          ),
        ];
      case 'too_small':
        return [schemaError(bound(field, issue.origin, 'greater than or equal to', issue.minimum), path)];
      case 'too_big':
        return [schemaError(bound(field, issue.origin, 'less than or equal to', issue.maximum), path)];
      default:
        return [schemaError(`The value for the field '${field}' is not valid: ${issue.message}`, path)];
    }
  });
}

function article(type: string): string {
  return /^[AEIOU]/.test(type) ? `an ${type}` : `a ${type}`;
}

function bound(field: string, origin: string, relation: string, limit: unknown): string {
  if (origin === 'array') return `The field '${field}' must have at least ${String(limit)} element(s)`;
  return `The value for the field '${field}' must be ${relation} ${String(limit)}`;
}
