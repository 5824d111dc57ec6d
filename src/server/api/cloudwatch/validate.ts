import type { z } from 'zod';
import type { ServiceError } from '../../../common/errors.js';
import { ValidationError } from '../../metrics/errors.js';
import { coralInvalid } from '../validation.js';

/** CloudWatch's answer to a request its operation's schema refused: `ValidationError` in Coral's words. */
export function cloudWatchInvalid(error: z.ZodError, input: unknown, json: boolean): ServiceError {
  return coralInvalid(error, input, { json, validation: (message) => new ValidationError(message) });
}
