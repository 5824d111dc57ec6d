import { describe, expect, it } from 'vitest';
import type { HttpRouteRecord } from '../apigateway/http/model.js';
import { httpApiPreflight, withHttpApiCors } from './http-api-cors.js';

const cors = {
  allowOrigins: ['https://app.example'],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['content-type'],
  exposeHeaders: ['x-request'],
  maxAge: 300,
  allowCredentials: true,
};
const routes = (...keys: string[]): HttpRouteRecord[] =>
  keys.map((routeKey, i) => ({ routeId: `r${i}`, routeKey, target: 'integrations/i' }));
const asks = { origin: 'https://app.example', 'access-control-request-method': 'POST' };

describe('HTTP API preflights', () => {
  it('are answered 204 by API Gateway with what the origin may send', () => {
    const answer = httpApiPreflight(cors, routes('GET /pets'), 'OPTIONS', ['pets'], asks);
    expect(answer?.status).toBe(204);
    expect(answer?.headers).toEqual({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'content-type',
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '300',
      vary: 'Origin',
    });
  });

  it('carry no permission for an origin not allowed (the browser refuses the request)', () => {
    const answer = httpApiPreflight(cors, routes('GET /pets'), 'OPTIONS', ['pets'], {
      ...asks,
      origin: 'https://evil.example',
    });
    expect(answer).toEqual({ status: 204, headers: {}, body: Buffer.alloc(0) });
  });

  it('go to a route that takes OPTIONS for the path: OPTIONS, ANY, or $default', () => {
    for (const key of ['OPTIONS /pets', 'ANY /{proxy+}', '$default'])
      expect(httpApiPreflight(cors, routes('GET /pets', key), 'OPTIONS', ['pets'], asks)).toBeUndefined();
    expect(httpApiPreflight(cors, routes('OPTIONS /cats'), 'OPTIONS', ['pets'], asks)).toBeDefined();
  });

  it('are not answered without a configuration, or for an OPTIONS that is not a preflight', () => {
    expect(httpApiPreflight(undefined, [], 'OPTIONS', ['pets'], asks)).toBeUndefined();
    expect(httpApiPreflight(cors, [], 'OPTIONS', ['pets'], { origin: 'o' })).toBeUndefined();
  });
});

describe('HTTP API responses', () => {
  const backend = {
    status: 200,
    headers: {
      'content-type': 'text/plain',
      'Access-Control-Allow-Origin': '*',
      'access-control-max-age': '9',
    },
    body: Buffer.from('ok'),
  };

  it("replace the backend's CORS headers with the configured ones", () => {
    expect(withHttpApiCors(backend, cors, 'https://app.example').headers).toEqual({
      'content-type': 'text/plain',
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request',
      vary: 'Origin',
    });
    expect(withHttpApiCors(backend, cors, 'https://evil.example').headers).toEqual({
      'content-type': 'text/plain',
    });
  });

  it('are left as they are without a configuration', () => {
    expect(withHttpApiCors(backend, undefined, 'https://app.example')).toBe(backend);
  });
});
