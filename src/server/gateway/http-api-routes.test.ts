import { describe, expect, it } from 'vitest';
import { selectRoute } from './http-api-routes.js';

const keys = (...routeKeys: string[]) => routeKeys.map((routeKey) => ({ routeKey }));
const segs = (path: string) => path.split('/').filter((p) => p !== '');

describe('selectRoute', () => {
  const routes = keys(
    'GET /pets',
    'GET /pets/dog',
    'GET /pets/{id}',
    'ANY /pets/{id}',
    'POST /pets/{id}/toys',
    'GET /files/{proxy+}',
    'ANY /{proxy+}',
    'GET /',
  );
  it.each([
    ['GET', '/pets', 'GET /pets', undefined],
    ['GET', '/pets/dog', 'GET /pets/dog', undefined],
    ['GET', '/pets/cat', 'GET /pets/{id}', { id: 'cat' }],
    ['DELETE', '/pets/cat', 'ANY /pets/{id}', { id: 'cat' }],
    ['POST', '/pets/cat/toys', 'POST /pets/{id}/toys', { id: 'cat' }],
    ['GET', '/pets/cat/toys', 'ANY /{proxy+}', { proxy: 'pets/cat/toys' }],
    ['GET', '/files/a/b/c.txt', 'GET /files/{proxy+}', { proxy: 'a/b/c.txt' }],
    ['PUT', '/files/a', 'ANY /{proxy+}', { proxy: 'files/a' }],
    ['GET', '/', 'GET /', undefined],
    ['POST', '/pets', 'ANY /{proxy+}', { proxy: 'pets' }],
  ])('%s %s -> %s', (method, path, routeKey, params) => {
    const match = selectRoute(routes, method, segs(path));
    expect(match?.route.routeKey).toBe(routeKey);
    expect(match?.pathParameters).toEqual(params);
  });

  it('a literal beats a variable beats a greedy, whatever the order of creation', () => {
    const r = keys('ANY /{proxy+}', 'GET /a/{x}', 'GET /a/b');
    expect(selectRoute(r, 'GET', ['a', 'b'])?.route.routeKey).toBe('GET /a/b');
    expect(selectRoute(r, 'GET', ['a', 'c'])?.route.routeKey).toBe('GET /a/{x}');
    expect(selectRoute(r, 'GET', ['z'])?.route.routeKey).toBe('ANY /{proxy+}');
  });

  it('the exact method beats ANY on the same path', () => {
    const r = keys('ANY /a', 'GET /a');
    expect(selectRoute(r, 'GET', ['a'])?.route.routeKey).toBe('GET /a');
    expect(selectRoute(r, 'POST', ['a'])?.route.routeKey).toBe('ANY /a');
  });

  it('$default takes what nothing else matches; without it, no match', () => {
    const r = keys('GET /a', '$default');
    expect(selectRoute(r, 'POST', ['a'])?.route.routeKey).toBe('$default');
    expect(selectRoute(r, 'GET', [])?.route.routeKey).toBe('$default');
    expect(selectRoute(keys('GET /a'), 'GET', ['b'])).toBeUndefined();
    // `{proxy+}` needs at least one segment.
    expect(selectRoute(keys('ANY /{proxy+}'), 'GET', [])).toBeUndefined();
  });
});
