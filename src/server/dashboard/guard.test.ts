import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  cookieValue,
  credentialsMatch,
  csrfTokenValid,
  SECURITY_HEADERS,
  sessionCookie,
} from './guard.js';

const API = { accessKeyId: 'GRADKEY', secretAccessKey: 's3cret/+=' };

describe('sign-in check', () => {
  it.each([
    [{ accessKeyId: 'GRADKEY', secretAccessKey: 's3cret/+=' }, true],
    [{ accessKeyId: 'GRADKEY', secretAccessKey: 's3cret/+' }, false],
    [{ accessKeyId: 'GRADKEY', secretAccessKey: 's3cret/+==' }, false],
    [{ accessKeyId: 'gradkey', secretAccessKey: 's3cret/+=' }, false],
    [{ accessKeyId: 'OTHER', secretAccessKey: 's3cret/+=' }, false],
    [{ accessKeyId: '', secretAccessKey: '' }, false],
  ])('%j -> %s', (given, expected) => {
    expect(credentialsMatch(given, API)).toBe(expected);
  });

  it('compares strings of any length without throwing (timingSafeEqual needs equal lengths)', () => {
    expect(constantTimeEqual('a', 'a'.repeat(1000))).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

describe('CSRF token', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['abc', false],
    ['abcd', true],
    ['abcd ', false],
  ])('%j against abcd -> %s', (sent, expected) => {
    expect(csrfTokenValid(sent, 'abcd')).toBe(expected);
  });
});

describe('cookies and headers', () => {
  it('sets the session cookie HttpOnly, SameSite=Strict, under /ui only', () => {
    expect(sessionCookie('abc', 60, false)).toBe(
      'gradual_session=abc; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=60',
    );
    expect(sessionCookie('abc', 60, true)).toMatch(/; Secure$/);
  });

  it('reads one cookie among several', () => {
    expect(cookieValue('a=1; gradual_session=xyz; b=2', 'gradual_session')).toBe('xyz');
    expect(cookieValue('gradual_sessionx=1', 'gradual_session')).toBeUndefined();
    expect(cookieValue(undefined, 'gradual_session')).toBeUndefined();
  });

  it('forbids framing and inline scripts', () => {
    expect(SECURITY_HEADERS['x-frame-options']).toBe('DENY');
    const csp = SECURITY_HEADERS['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
