import { describe, expect, it } from 'vitest';
import { withRestCors } from './sam-rest-cors.js';

const BODY = {
  swagger: '2.0',
  paths: {
    '/items': { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy' } }, post: {} },
    '/any': { 'x-amazon-apigateway-any-method': {} },
    '/own': { get: {}, options: { summary: 'mine' } },
  },
};
const pathsOf = (cors: unknown): Record<string, Record<string, unknown>> => {
  const out = withRestCors({ kind: 'inline', body: BODY }, cors, 'P.Cors');
  return (out.kind === 'inline' ? (out.body as { paths: unknown }).paths : {}) as Record<
    string,
    Record<string, unknown>
  >;
};

describe("SAM Api's Cors", () => {
  it('adds an OPTIONS MOCK method to every path, allowing its own methods, as SAM generates it', () => {
    const paths = pathsOf("'https://app.example'");
    expect(paths['/items']!['options']).toEqual({
      summary: 'CORS support',
      consumes: ['application/json'],
      produces: ['application/json'],
      'x-amazon-apigateway-integration': {
        type: 'mock',
        requestTemplates: { 'application/json': '{\n  "statusCode" : 200\n}\n' },
        responses: {
          default: {
            statusCode: '200',
            responseParameters: {
              'method.response.header.Access-Control-Allow-Origin': "'https://app.example'",
              'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS,POST'",
            },
            responseTemplates: { 'application/json': '{}\n' },
          },
        },
      },
      responses: {
        '200': {
          description: 'Default response for CORS method',
          headers: {
            'Access-Control-Allow-Origin': { type: 'string' },
            'Access-Control-Allow-Methods': { type: 'string' },
          },
        },
      },
    });
    expect(paths['/own']!['options']).toEqual({ summary: 'mine' });
  });

  it('allows every method for ANY, and writes headers, max age and credentials given', () => {
    const paths = pathsOf({
      AllowOrigin: "'https://app.example'",
      AllowHeaders: "'Content-Type'",
      MaxAge: "'600'",
      AllowCredentials: true,
    });
    const integration = paths['/any']!['options'] as Record<string, Record<string, Record<string, unknown>>>;
    expect(integration['x-amazon-apigateway-integration']!['responses']!['default']).toMatchObject({
      responseParameters: {
        'method.response.header.Access-Control-Allow-Origin': "'https://app.example'",
        'method.response.header.Access-Control-Allow-Headers': "'Content-Type'",
        'method.response.header.Access-Control-Allow-Methods': "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'",
        'method.response.header.Access-Control-Max-Age': "'600'",
        'method.response.header.Access-Control-Allow-Credentials': "'true'",
      },
    });
  });

  it('is refused as SAM refuses it', () => {
    expect(() => pathsOf({ AllowOrigins: "'*'" })).toThrow("Invalid value for 'Cors' property");
    expect(() => pathsOf({ AllowCredentials: true })).toThrow("'AllowCredentials' can not be true");
  });
});
