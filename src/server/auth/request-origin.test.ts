import { describe, expect, it } from 'vitest';
import { crossSiteProblem, hostAllowed, openAccessMessage, openAccessRefusal } from './request-origin.js';

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

describe('hosts an open server answers to', () => {
  it.each([
    ['127.0.0.1:9000', true],
    ['[::1]:9000', true],
    ['localhost:9000', true],
    ['app.localhost', true],
    ['abc.lambda-url.us-east-1.localhost:8080', true],
    ['10.1.2.3', true],
    ['devbox:9000', true],
    ['DEVBOX', true],
    ['evil.example:9000', false],
    ['127.0.0.1.evil.example', false],
    ['localhost.evil.example', false],
    [undefined, false],
  ])('%s -> %s', (host, allowed) => {
    expect(hostAllowed(host, ['devbox'])).toBe(allowed);
  });
});

describe('open access (--auth off)', () => {
  it('refuses a foreign Host first, then a browser sending for another site', () => {
    const allowed = ['devbox'];
    expect(
      openAccessRefusal({ host: 'localhost:9000', origin: undefined, fetchSite: undefined }, allowed),
    ).toBe(undefined);
    const rebound = openAccessRefusal(
      {
        host: 'rebind.evil.example:9000',
        origin: 'http://rebind.evil.example:9000',
        fetchSite: 'same-origin',
      },
      allowed,
    );
    expect(rebound).toEqual({ kind: 'foreign-host', host: 'rebind.evil.example:9000' });
    expect(openAccessMessage(rebound!)).toContain('not to rebind.evil.example:9000');
    const page = openAccessRefusal(
      { host: '127.0.0.1:9000', origin: 'https://evil.example', fetchSite: 'cross-site' },
      allowed,
    );
    expect(page?.kind).toBe('cross-site');
    expect(openAccessMessage(page!)).toContain('Sec-Fetch-Site: cross-site');
  });
});
