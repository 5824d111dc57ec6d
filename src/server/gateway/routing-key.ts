import { ROUTING_KEY_HEADER } from '../invoke/routing.js';
import type { Random } from '../../common/random.js';
import { headerValue } from './responses.js';
import type { GatewayRequest } from './router.js';

/** The cookie the gateway reads a routing key from when no `--sticky-cookie` names another. */
export const DEFAULT_ROUTING_COOKIE = 'gradual-routing-key';

export interface StickyOptions {
  /** The cookie read for a routing key. */
  cookie: string;
  /** Give a request without a key a new one, in that cookie, so browsers stick. */
  setCookie: boolean;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * A request's routing key: the `X-Gradual-Routing-Key` header, else the cookie; or, when the
 * gateway sets cookies, a fresh key with the `Set-Cookie` that keeps it.
 */
export function routingKeyOf(
  request: Pick<GatewayRequest, 'headers'>,
  sticky: StickyOptions,
  random: Pick<Random, 'uuid'>,
): { key: string | undefined; setCookie: string | undefined } {
  const key =
    headerValue(request.headers[ROUTING_KEY_HEADER]) ||
    cookieValue(headerValue(request.headers.cookie), sticky.cookie);
  if (key !== undefined || !sticky.setCookie) return { key, setCookie: undefined };
  const fresh = random.uuid();
  return { key: fresh, setCookie: `${sticky.cookie}=${fresh}; Path=/; HttpOnly; SameSite=Lax` };
}
