import { verifySigV4, type SecretLookup } from '../auth/sigv4.js';
import { PINNED_VERSION_HEADER, pinnedVersion } from '../invoke/routing.js';
import { openAccessProblem } from './open-access.js';
import { jsonResponse } from './responses.js';
import type { GatewayRequest, GatewayResponse } from './router.js';

/**
 * `X-Gradual-Version` reaches a version whatever the weights: only for callers that sign the
 * request with this server's credentials (with authentication off: anyone but a web page through
 * a browser). A version string, undefined, or the refusal.
 */
export async function pinnedFor(
  request: GatewayRequest,
  secrets: SecretLookup | undefined,
  now: number,
  allowedHosts: readonly string[],
): Promise<string | undefined | GatewayResponse> {
  const header = request.headers[PINNED_VERSION_HEADER];
  if (header === undefined) return undefined;
  let version: string | undefined;
  try {
    version = pinnedVersion(Array.isArray(header) ? header.join(',') : header);
  } catch (error) {
    return jsonResponse(400, { message: (error as Error).message });
  }
  if (!secrets) {
    const open = openAccessProblem(request, allowedHosts);
    return open ? jsonResponse(403, { message: open }) : version;
  }
  try {
    const caller = await verifySigV4(
      {
        method: request.method,
        rawPath: request.rawPath,
        rawQuery: request.rawQuery,
        headers: request.headers as Record<string, string | undefined>,
        body: request.body,
      },
      secrets,
      now,
    );
    if (caller.service !== 'lambda')
      throw new Error(`the request is signed for '${caller.service}', not 'lambda'`);
    return version;
  } catch (error) {
    return jsonResponse(403, {
      message: `X-Gradual-Version is only honoured for requests signed (SigV4, service lambda) with this server's credentials: ${(error as Error).message}`,
    });
  }
}
