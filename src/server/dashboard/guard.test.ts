import { describe, expect, it } from 'vitest';
import { MINUTE, VirtualClock } from '../../common/clock.js';
import {
  constantTimeEqual,
  cookieValue,
  credentialsMatch,
  crossSiteProblem,
  csrfTokenValid,
  hostAllowed,
  SECURITY_HEADERS,
  sessionCookie,
} from './guard.js';
import { LoginThrottle } from './login-throttle.js';

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

describe('cross-site requests', () => {
  const host = '127.0.0.1:9000';
  it.each([
    [{ host, origin: undefined, fetchSite: undefined }, undefined],
    [{ host, origin: 'http://127.0.0.1:9000', fetchSite: 'same-origin' }, undefined],
    [{ host, origin: undefined, fetchSite: 'none' }, undefined],
    [{ host, origin: 'http://evil.example', fetchSite: 'cross-site' }, 'another site'],
    [{ host, origin: 'http://evil.example', fetchSite: undefined }, 'not from this server'],
    [{ host, origin: 'http://127.0.0.1:9001', fetchSite: undefined }, 'not from this server'],
    [{ host, origin: 'null', fetchSite: undefined }, 'not from this server'],
    [{ host, origin: undefined, fetchSite: 'same-site' }, 'another site'],
    [{ host: undefined, origin: 'http://127.0.0.1:9000', fetchSite: undefined }, 'not from this server'],
  ])('%j', (request, problem) => {
    const found = crossSiteProblem(request);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('hosts the open dashboard answers to', () => {
  it.each([
    ['127.0.0.1:9000', true],
    ['[::1]:9000', true],
    ['localhost:9000', true],
    ['app.localhost', true],
    ['10.1.2.3', true],
    ['devbox:9000', true],
    ['evil.example:9000', false],
    ['127.0.0.1.evil.example', false],
    [undefined, false],
  ])('%s -> %s', (host, allowed) => {
    expect(hostAllowed(host, ['devbox'])).toBe(allowed);
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

describe('sign-in throttle', () => {
  it('refuses attempts after too many failures in a minute, until the oldest ages out', async () => {
    const clock = new VirtualClock();
    const throttle = new LoginThrottle(clock, { maxFailures: 3, windowMs: MINUTE });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs()).toBe(0);
      throttle.recordFailure();
      await clock.advance(1000);
    }
    expect(throttle.retryAfterMs()).toBe(MINUTE - 3000);
    await clock.advance(MINUTE - 3000);
    expect(throttle.retryAfterMs()).toBe(0);
  });
});
