import type { FunctionUrlCors } from '../functions/store.js';
import type { GatewayResponse } from './router.js';

/**
 * CORS as function URLs and HTTP APIs apply it: preflights are answered by the front door itself,
 * and the configured headers are added to every response, taking precedence over the function's.
 * Both take the same settings (HTTP APIs name them in lowerCamelCase: see http-api-cors.ts).
 */

/** The `Access-Control-Allow-Origin` value for `origin`, or undefined when it is not allowed. */
function allowedOrigin(cors: FunctionUrlCors, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  const origins = cors.AllowOrigins ?? [];
  // With credentials a browser refuses `*`: echo the origin instead.
  if (origins.includes('*')) return cors.AllowCredentials ? origin : '*';
  return origins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

/** Headers added to an ordinary response for a request from `origin`. */
export function corsHeaders(cors: FunctionUrlCors, origin: string | undefined): Record<string, string> {
  const allow = allowedOrigin(cors, origin);
  if (allow === undefined) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': allow };
  if (allow !== '*') headers['vary'] = 'Origin';
  if (cors.ExposeHeaders?.length) headers['access-control-expose-headers'] = cors.ExposeHeaders.join(',');
  if (cors.AllowCredentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}

export function isPreflight(method: string, headers: Record<string, string | undefined>): boolean {
  return (
    method === 'OPTIONS' &&
    headers['origin'] !== undefined &&
    headers['access-control-request-method'] !== undefined
  );
}

/**
 * The answer to a preflight: what this origin may send, or no permission headers at all (the
 * browser then refuses the request). Function URLs answer 200, HTTP APIs 204.
 */
export function preflightResponse(
  cors: FunctionUrlCors,
  headers: Record<string, string | undefined>,
  status = 200,
): GatewayResponse {
  const out: Record<string, string> = corsHeaders(cors, headers['origin']);
  if (out['access-control-allow-origin'] !== undefined) {
    const methods = cors.AllowMethods ?? [];
    const requested = headers['access-control-request-method'] ?? '';
    if (methods.includes('*')) out['access-control-allow-methods'] = requested || '*';
    else if (methods.length > 0) out['access-control-allow-methods'] = methods.join(',');
    const allowHeaders = cors.AllowHeaders ?? [];
    const asked = headers['access-control-request-headers'];
    if (allowHeaders.includes('*')) {
      if (asked) out['access-control-allow-headers'] = asked;
    } else if (allowHeaders.length > 0) {
      out['access-control-allow-headers'] = allowHeaders.join(',');
    }
    if (cors.MaxAge !== undefined) out['access-control-max-age'] = String(cors.MaxAge);
    delete out['access-control-expose-headers'];
  }
  return { status, headers: out, body: Buffer.alloc(0) };
}
