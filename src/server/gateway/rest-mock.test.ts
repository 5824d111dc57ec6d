import { describe, expect, it } from 'vitest';
import type { MockIntegrationRecord } from '../apigateway/rest/model.js';
import { mockOutcome } from './rest-mock.js';

/** What SAM's CORS preflight method has: status 200 from the template, headers and `{}`. */
const PREFLIGHT: MockIntegrationRecord = {
  type: 'MOCK',
  requestTemplates: { 'application/json': '{\n  "statusCode" : 200\n}\n' },
  passthroughBehavior: 'WHEN_NO_MATCH',
  timeoutInMillis: 29000,
  cacheNamespace: 'r',
  cacheKeyParameters: [],
  integrationResponses: {
    '200': {
      statusCode: '200',
      selectionPattern: undefined,
      responseParameters: {
        'method.response.header.Access-Control-Allow-Origin': "'*'",
        'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'",
      },
      responseTemplates: { 'application/json': '{}\n' },
    },
    '404': {
      statusCode: '404',
      selectionPattern: '4\\d\\d',
      responseParameters: undefined,
      responseTemplates: undefined,
    },
  },
};

describe('MOCK integrations', () => {
  it('answer with the default response: its status, static headers and body', () => {
    expect(mockOutcome(PREFLIGHT, undefined)).toEqual({
      kind: 'response',
      response: {
        status: 200,
        headers: {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET,OPTIONS',
        },
        body: Buffer.from('{}\n'),
      },
    });
  });

  it('select a response by matching its pattern against the status the template names', () => {
    const teapot = { ...PREFLIGHT, requestTemplates: { 'application/json': '{"statusCode": 418}' } };
    expect(mockOutcome(teapot, 'application/json; charset=utf-8')).toMatchObject({
      response: { status: 404 },
    });
  });

  it('pass a content type without a template through as 200, unless passthrough is NEVER', () => {
    expect(mockOutcome(PREFLIGHT, 'text/plain')).toMatchObject({ response: { status: 200 } });
    expect(mockOutcome({ ...PREFLIGHT, passthroughBehavior: 'NEVER' }, 'text/plain')).toEqual({
      kind: 'unsupported-media-type',
    });
  });

  it('have no answer when no response matches and none is the default', () => {
    const only404 = { ...PREFLIGHT, integrationResponses: { '404': PREFLIGHT.integrationResponses['404']! } };
    expect(mockOutcome(only404, undefined)).toEqual({
      kind: 'no-mapping',
      reason: 'No match for output mapping and no default output mapping specified',
    });
  });
});
