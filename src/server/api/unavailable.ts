import { ServiceError, type DatabaseUnavailableException } from '../../common/errors.js';

/**
 * The database out of reach, as each service's model names it: Lambda's `ServiceException` (500),
 * API Gateway's `ServiceUnavailableException` (503), CloudWatch Logs' `ServiceUnavailableException`
 * (a server fault with no status of its own: 500), and for the others the `ServiceUnavailable` of
 * AWS's common errors (503, "The request has failed due to a temporary failure of the server").
 * The AWS SDKs and the AWS CLI retry 500, 502, 503 and 504 alike as transient errors.
 */
const ANSWERS: Record<string, { code: string; status: number }> = {
  lambda: { code: 'ServiceException', status: 500 },
  // gradual's own API speaks Lambda's errors.
  gradual: { code: 'ServiceException', status: 500 },
  apigateway: { code: 'ServiceUnavailableException', status: 503 },
  logs: { code: 'ServiceUnavailableException', status: 500 },
};
const COMMON = { code: 'ServiceUnavailable', status: 503 };

export function unavailableError(
  service: string | undefined,
  error: DatabaseUnavailableException,
): ServiceError {
  const { code, status } = ANSWERS[service ?? 'lambda'] ?? COMMON;
  return new ServiceError(code, status, error.message);
}
