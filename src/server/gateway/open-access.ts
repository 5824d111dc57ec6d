import { openAccessMessage, openAccessRefusal } from '../auth/request-origin.js';
import { headerValue } from './responses.js';
import type { GatewayRequest } from './router.js';

/**
 * With authentication off the gateway's signed paths (AWS_IAM function URLs and methods,
 * `X-Gradual-Version`) take anyone, so they at least refuse what a web page could send through
 * a browser: a foreign Host (DNS rebinding) or a cross-site request. Why, or undefined when fine.
 */
export function openAccessProblem(
  request: GatewayRequest,
  allowedHosts: readonly string[],
): string | undefined {
  const refusal = openAccessRefusal(
    {
      host: headerValue(request.headers['host']),
      origin: headerValue(request.headers['origin']),
      fetchSite: headerValue(request.headers['sec-fetch-site']),
    },
    allowedHosts,
  );
  return refusal && openAccessMessage(refusal);
}
