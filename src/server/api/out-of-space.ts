import { ServiceError } from '../../common/errors.js';
import { OutOfSpaceError } from '../capacity/out-of-space.js';

/**
 * A full data dir, as each protocol names it: a write that found no room (or that the free-space
 * watch refused) becomes the service's own "limit" error with the operator's message, never a
 * 500. Lambda calls it code storage; an Event invoke, a throttle its SDK retries.
 */
const CODES: Record<string, { code: string; status: number }> = {
  lambda: { code: 'CodeStorageExceededException', status: 400 },
  invoke: { code: 'TooManyRequestsException', status: 429 },
  codedeploy: { code: 'ThrottlingException', status: 400 },
  monitoring: { code: 'LimitExceeded', status: 400 },
  logs: { code: 'LimitExceededException', status: 400 },
  apigateway: { code: 'LimitExceededException', status: 429 },
  iam: { code: 'LimitExceeded', status: 409 },
  states: { code: 'ServiceQuotaExceededException', status: 400 },
};

export function outOfSpaceError(service: string | undefined, error: unknown): ServiceError {
  const message =
    error instanceof OutOfSpaceError
      ? error.message
      : `The data dir's disk is full: the change could not be stored (${error instanceof Error ? error.message : String(error)}). Delete functions, versions or logs you no longer need, or free space on that disk; gradual accepts writes again as soon as there is room.`;
  const { code, status } = CODES[service ?? 'lambda'] ?? CODES['lambda']!;
  return new ServiceError(code, status, message);
}
