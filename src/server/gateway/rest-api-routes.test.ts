import { describe, expect, it } from 'vitest';
import type { MethodRecord, ResourceRecord } from '../apigateway/rest/model.js';
import { compileRoutes, matchRoute, pathSegments } from './rest-api-routes.js';

function method(httpMethod: string): MethodRecord {
  return {
    httpMethod,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    operationName: undefined,
    requestParameters: undefined,
    requestModels: undefined,
    methodResponses: {},
    integration: undefined,
  };
}

let n = 0;
function resource(path: string, methods: string[], parent?: ResourceRecord): ResourceRecord {
  const pathPart = path === '/' ? undefined : path.split('/').pop();
  return {
    id: `r${n++}`,
    parentId: parent?.id,
    pathPart,
    path,
    methods: Object.fromEntries(methods.map((m) => [m, method(m)])),
  };
}

const root = resource('/', ['GET']);
const users = resource('/users', ['GET', 'POST'], root);
const me = resource('/users/me', ['GET'], users);
const user = resource('/users/{id}', ['GET', 'DELETE'], users);
const posts = resource('/users/{id}/posts', ['ANY'], user);
const proxy = resource('/{proxy+}', ['ANY'], root);
const files = resource('/files', [], root);
const filePath = resource('/files/{path+}', ['GET'], files);
const tree = compileRoutes([root, users, me, user, posts, proxy, files, filePath])!;

describe('matching a request against a deployment', () => {
  it.each<[string, string, string | undefined, Record<string, string> | undefined]>([
    ['GET', '/', '/', undefined],
    ['GET', '/users', '/users', undefined],
    ['GET', '/users/', '/users', undefined],
    // literal beats {param}
    ['GET', '/users/me', '/users/me', undefined],
    ['GET', '/users/42', '/users/{id}', { id: '42' }],
    ['DELETE', '/users/42', '/users/{id}', { id: '42' }],
    // a literal without the method falls back to the {param} sibling that has it
    ['DELETE', '/users/me', '/users/{id}', { id: 'me' }],
    ['PATCH', '/users/42/posts', '/users/{id}/posts', { id: '42' }],
    // {param} beats {proxy+}; {proxy+} takes the rest, at least one segment
    ['GET', '/other/a/b', '/{proxy+}', { proxy: 'other/a/b' }],
    ['PUT', '/users', '/{proxy+}', { proxy: 'users' }],
    ['POST', '/', undefined, undefined],
    ['GET', '/files/a/b%20c.txt', '/files/{path+}', { path: 'a/b c.txt' }],
    ['POST', '/files/a', '/{proxy+}', { proxy: 'files/a' }],
  ])('%s %s -> %s %j', (httpMethod, path, expected, params) => {
    const match = matchRoute(tree, pathSegments(path)!, httpMethod);
    expect(match?.resource.path).toBe(expected);
    expect(match?.pathParameters).toEqual(params);
  });

  it('without a greedy resource, unknown paths and methods match nothing', () => {
    const small = compileRoutes([root, users, me])!;
    expect(matchRoute(small, ['nope'], 'GET')).toBeUndefined();
    expect(matchRoute(small, ['users', 'me'], 'POST')).toBeUndefined();
    expect(matchRoute(small, ['users', 'me', 'x'], 'GET')).toBeUndefined();
  });

  it('splits and decodes paths; malformed encoding is refused', () => {
    expect(pathSegments('/')).toEqual([]);
    expect(pathSegments('/a/b%2Fc/')).toEqual(['a', 'b/c']);
    expect(pathSegments('/a/%E0%A4%A')).toBeUndefined();
  });
});
