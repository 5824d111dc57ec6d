import { AccessDeniedException } from '../../common/errors.js';
import { openAccessMessage, openAccessRefusal } from '../auth/request-origin.js';

/**
 * With authentication off nothing signs a request, so a web page could drive the AWS APIs
 * through the user's browser (a simple cross-site POST, or DNS rebinding). Refused as AWS refuses
 * a caller it does not let in: `AccessDeniedException`, in each service's own protocol.
 */
export function refuseOpenAccess(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  allowedHosts: readonly string[],
): void {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const refusal = openAccessRefusal(
    { host: one('host'), origin: one('origin'), fetchSite: one('sec-fetch-site') },
    allowedHosts,
  );
  if (refusal) throw new AccessDeniedException(openAccessMessage(refusal));
}
