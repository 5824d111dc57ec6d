import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Credentials } from '../auth/credentials.js';

/**
 * The dashboard's request checks, as pure functions of what the request carries: credentials
 * compared in constant time, the CSRF token, and where a request comes from.
 */

/** Equal strings, compared in time that depends on neither's content nor length. */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/** Whether a sign-in matches the API's own credentials (both parts always compared). */
export function credentialsMatch(
  given: { accessKeyId: string; secretAccessKey: string },
  expected: Credentials,
): boolean {
  const id = constantTimeEqual(given.accessKeyId, expected.accessKeyId);
  const secret = constantTimeEqual(given.secretAccessKey, expected.secretAccessKey);
  return id && secret;
}

/** The CSRF token a state-changing request must carry in `X-CSRF-Token`. */
export function csrfTokenValid(sent: string | undefined, expected: string): boolean {
  return sent !== undefined && sent.length > 0 && constantTimeEqual(sent, expected);
}

export interface RequestOrigin {
  host: string | undefined;
  origin: string | undefined;
  /** `Sec-Fetch-Site`, sent by current browsers. */
  fetchSite: string | undefined;
}

/**
 * Refuses requests another site made a browser send: an `Origin` that is not this very host, or
 * a `Sec-Fetch-Site` that says cross-site or same-site. Returns why, or undefined when fine.
 * Requests without either header (curl, scripts) carry no ambient browser credentials and pass.
 */
export function crossSiteProblem(req: RequestOrigin): string | undefined {
  if (req.fetchSite !== undefined && req.fetchSite !== 'same-origin' && req.fetchSite !== 'none') {
    return `the request came from another site (Sec-Fetch-Site: ${req.fetchSite})`;
  }
  if (req.origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = new URL(req.origin).host;
    } catch {
      originHost = undefined;
    }
    if (!originHost || !req.host || originHost.toLowerCase() !== req.host.toLowerCase()) {
      return `the request came from ${req.origin}, not from this server (${req.host ?? 'no Host'})`;
    }
  }
  return undefined;
}

/**
 * With authentication off nothing else protects the dashboard from DNS rebinding (a site whose
 * name suddenly resolves to this machine), so it then answers only requests addressed to an IP
 * address, `localhost`, or a name given in `extraHosts` (the listen host, this machine's name).
 */
export function hostAllowed(host: string | undefined, extraHosts: readonly string[]): boolean {
  if (!host) return false;
  const name = hostName(host).toLowerCase();
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return extraHosts.some((h) => h.toLowerCase() === name);
}

/** The name part of a Host header: `[::1]:9000` -> `::1`, `example:80` -> `example`. */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

/** No inline script or style, nothing from elsewhere, never framed. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every dashboard response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export const SESSION_COOKIE = 'gradual_session';

/** The value of one cookie in a `Cookie` header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session cookie: unreadable by scripts, never sent on cross-site requests, only under /ui. */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${id}`,
    'Path=/ui',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=0`;
}
