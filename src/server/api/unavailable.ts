import { ServiceError, type DatabaseUnavailableException } from '../../common/errors.js';

/**
 * The database out of reach, as each service names it: Lambda's `ServiceException`, API
 * Gateway's modelled `ServiceUnavailableException`, and for the others the `ServiceUnavailable`
 * of AWS's common errors ("The request has failed due to a temporary failure of the server").
 * Always 503, which every AWS SDK retries, as load balancers do.
 */
const CODES: Record<string, string> = {
  lambda: 'ServiceException',
  gradual: 'ServiceException',
  apigateway: 'ServiceUnavailableException',
  logs: 'ServiceUnavailableException',
  codedeploy: 'ServiceUnavailable',
  monitoring: 'ServiceUnavailable',
  states: 'ServiceUnavailable',
  iam: 'ServiceUnavailable',
  cloudformation: 'ServiceUnavailable',
  s3: 'ServiceUnavailable',
};

export function unavailableError(
  service: string | undefined,
  error: DatabaseUnavailableException,
): ServiceError {
  return new ServiceError(CODES[service ?? 'lambda'] ?? 'ServiceUnavailable', 503, error.message);
}
