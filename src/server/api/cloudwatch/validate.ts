import type { z } from 'zod';
import { SerializationException, type ServiceError } from '../../../common/errors.js';
import { ValidationError } from '../../metrics/errors.js';
import {
  constraintLine,
  memberPath,
  serializationMessage,
  validationMessage,
  valueAt,
} from '../validation.js';

/**
 * CloudWatch's answer to a request its operation's schema refused: `ValidationError` with
 * `1 validation error detected: Value '' at 'alarmName' failed to satisfy constraint: ...`, member
 * paths in Coral's form (`metricData.1.member.value`). A JSON value of the wrong type is a
 * SerializationException, as in every AWS JSON service.
 */
export function cloudWatchInvalid(error: z.ZodError, input: unknown, json: boolean): ServiceError {
  const lines: string[] = [];
  for (const issue of error.issues) {
    const value = valueAt(input, issue.path);
    const member = memberPath(issue.path, 'members');
    if (issue.code === 'invalid_type' && value !== undefined && value !== null) {
      if (json) {
        return new SerializationException(serializationMessage(value, issue.expected, member));
      }
      lines.push(
        constraintLine(
          value,
          member,
          `Member must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`,
        ),
      );
      continue;
    }
    const constraint = issue.code === 'invalid_type' ? 'Member must not be null' : issue.message;
    lines.push(constraintLine(value, member, constraint));
  }
  return new ValidationError(validationMessage(lines));
}
