import type { GatewayResponse } from './router.js';

/** A JSON answer from the gateway itself (errors, preflights). */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): GatewayResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** Headers as a front door sees them: one string per name (repeats comma-joined, as AWS does). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
