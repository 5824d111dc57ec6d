import { describe, expect, it } from 'vitest';
import { bodyRoutes, resourcePaths } from '../providers/openapi-routes.js';
import { stagePatch } from '../providers/rest-api-stages.js';
import { gatewayAddresses } from './gateway-addresses.js';

describe('outputs naming an API on AWS', () => {
  it.each([
    [
      'https://abcdefghij.execute-api.us-east-1.amazonaws.com/Prod/hello',
      'http://abcdefghij.execute-api.us-east-1.localhost:8080/Prod/hello',
    ],
    [
      'see https://abcdefghij.execute-api.eu-west-1.amazonaws.com',
      'see http://abcdefghij.execute-api.eu-west-1.localhost:8080',
    ],
    ['https://example.com/Prod/', 'https://example.com/Prod/'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket'],
  ])('%s is given as %s', (value, expected) => {
    expect(gatewayAddresses([{ key: 'Url', value }], 8080)).toEqual([{ key: 'Url', value: expected }]);
  });
});

describe('OpenAPI bodies', () => {
  const uri =
    'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations';
  const integration = { type: 'aws_proxy', httpMethod: 'POST', uri };

  it('reads Lambda proxy routes, ANY included, and the resources they need, parents first', () => {
    const routes = bodyRoutes({
      paths: {
        '/a/{id}/b': { get: { 'x-amazon-apigateway-integration': integration } },
        '/c': { 'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': integration } },
      },
    });
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /a/{id}/b', 'ANY /c']);
    expect(resourcePaths(routes)).toEqual(['/a', '/c', '/a/{id}', '/a/{id}/b']);
  });

  it('refuses what it cannot import, by name', () => {
    const http = {
      paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'http', uri: 'https://e' } } } },
    };
    expect(() => bodyRoutes(http)).toThrow('Body: GET /x: integration type HTTP is not supported by gradual');
    expect(() => bodyRoutes({ paths: { '/x': { get: {} } } })).toThrow(
      /has no x-amazon-apigateway-integration/,
    );
  });
});

describe("a REST API stage's patch", () => {
  it('points it at its deployment and brings description and variables in line', () => {
    expect(
      stagePatch(
        { DeploymentId: 'd1', Variables: { a: '1', b: '2' } },
        { DeploymentId: 'd2', Description: 'x', Variables: { b: '3' } },
      ),
    ).toEqual([
      { op: 'replace', path: '/deploymentId', value: 'd2' },
      { op: 'replace', path: '/description', value: 'x' },
      { op: 'remove', path: '/variables/a' },
      { op: 'replace', path: '/variables/b', value: '3' },
    ]);
  });
});
