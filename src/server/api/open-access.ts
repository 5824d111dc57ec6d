import { AccessDeniedException } from '../../common/errors.js';
import { openAccessMessage, openAccessRefusal } from '../auth/request-origin.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * With authentication off nothing signs a request, so a web page could drive the AWS APIs
 * through the user's browser (a simple cross-site POST, or DNS rebinding). The guard refuses such
 * requests as AWS refuses a caller it does not let in: `AccessDeniedException`, in each service's
 * own protocol. It remembers the last Host it let through (one entry: the usual caller sends the
 * same one every time), so the check costs next to nothing on the invoke path.
 */
export function openAccessGuard(allowedHosts: readonly string[]): (headers: Headers) => void {
  let lastAllowedHost: string | undefined;
  return (headers) => {
    const host = one(headers, 'host');
    const origin = one(headers, 'origin');
    const fetchSite = one(headers, 'sec-fetch-site');
    if (host !== undefined && host === lastAllowedHost && origin === undefined && fetchSite === undefined)
      return;
    const refusal = openAccessRefusal({ host, origin, fetchSite }, allowedHosts);
    if (refusal) throw new AccessDeniedException(openAccessMessage(refusal));
    lastAllowedHost = host;
  };
}

function one(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
