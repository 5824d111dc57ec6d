import { verifySigV4, type Caller, type SecretLookup } from '../auth/sigv4.js';
import type { Clock } from '../../common/clock.js';
import { headerValue } from './responses.js';
import type { GatewayRequest } from './router.js';

/** The request's headers one string per name, as SigV4 and CORS read them. */
export function flatHeaders(request: GatewayRequest): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = headerValue(value);
  return headers;
}

/**
 * Who signed a request that reached the gateway (SigV4, any service: the front door checks
 * which). Throws the verifier's ServiceError when the signature is missing or wrong.
 */
export function requestSigner(
  request: GatewayRequest,
  headers: Record<string, string | undefined>,
  secrets: SecretLookup,
  wallClock: Clock,
): Promise<Caller> {
  const { method, rawPath, rawQuery, body } = request;
  return verifySigV4({ method, rawPath, rawQuery, headers, body }, secrets, wallClock.now());
}
