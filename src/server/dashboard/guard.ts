import { createHash, timingSafeEqual } from 'node:crypto';
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
