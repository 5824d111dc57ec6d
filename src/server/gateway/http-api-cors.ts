import type { HttpCorsConfiguration, HttpRouteRecord } from '../apigateway/http/model.js';
import type { FunctionUrlCors } from '../functions/store.js';
import { corsHeaders, isPreflight, preflightResponse } from './cors.js';
import { selectRoute } from './http-api-routes.js';
import type { GatewayResponse } from './router.js';

/**
 * CORS on HTTP APIs ("Configuring CORS for an HTTP API", API Gateway developer guide): with a
 * configuration, API Gateway answers preflights itself unless a route takes the OPTIONS request
 * (an `OPTIONS` or `ANY` route for the path, or `$default`), and on every response from an
 * integration it replaces the backend's own CORS headers with the configured ones.
 */

/** The configuration in the member names the shared CORS rules (cors.ts) read. */
export function corsRules(c: HttpCorsConfiguration): FunctionUrlCors {
  return {
    ...(c.allowCredentials !== undefined ? { AllowCredentials: c.allowCredentials } : {}),
    ...(c.allowHeaders !== undefined ? { AllowHeaders: c.allowHeaders } : {}),
    ...(c.allowMethods !== undefined ? { AllowMethods: c.allowMethods } : {}),
    ...(c.allowOrigins !== undefined ? { AllowOrigins: c.allowOrigins } : {}),
    ...(c.exposeHeaders !== undefined ? { ExposeHeaders: c.exposeHeaders } : {}),
    ...(c.maxAge !== undefined ? { MaxAge: c.maxAge } : {}),
  };
}

/** API Gateway's own answer to this request, when it is a preflight no route takes; else undefined. */
export function httpApiPreflight(
  cors: HttpCorsConfiguration | undefined,
  routes: readonly HttpRouteRecord[],
  method: string,
  segments: readonly string[],
  headers: Record<string, string | undefined>,
): GatewayResponse | undefined {
  if (!cors || !isPreflight(method, headers)) return undefined;
  if (selectRoute(routes, 'OPTIONS', segments)) return undefined;
  return preflightResponse(corsRules(cors), headers, 204);
}

/** An integration's response with its CORS headers replaced by the API's, for `origin`. */
export function withHttpApiCors(
  response: GatewayResponse,
  cors: HttpCorsConfiguration | undefined,
  origin: string | undefined,
): GatewayResponse {
  if (!cors) return response;
  const own = Object.entries(response.headers).filter(([name]) => !/^access-control-/i.test(name));
  return { ...response, headers: { ...Object.fromEntries(own), ...corsHeaders(corsRules(cors), origin) } };
}
