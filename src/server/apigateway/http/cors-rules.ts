import { BadRequestException } from '../rest/errors.js';
import type { HttpCorsConfiguration } from './model.js';

/**
 * An HTTP API's CORS configuration as API Gateway accepts it: credentials cannot be allowed for
 * every origin (a browser refuses `*` with credentials), and `maxAge` is -1 to 86400 seconds.
 */
export function checkCorsConfiguration(cors: HttpCorsConfiguration): HttpCorsConfiguration {
  if (cors.allowCredentials === true && (cors.allowOrigins ?? []).includes('*'))
    throw new BadRequestException("allow-credentials is not supported if 'allow-origin' is *");
  if (cors.maxAge !== undefined && (cors.maxAge < -1 || cors.maxAge > 86400))
    throw new BadRequestException('maxAge must be between -1 and 86400');
  return cors;
}
