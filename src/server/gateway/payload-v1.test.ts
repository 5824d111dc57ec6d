import { describe, expect, it } from 'vitest';
import { restApiEvent, restApiResponse, requestTime } from './payload-v1.js';
import type { GatewayRequest } from './router.js';

/**
 * AWS's documented example of the REST API proxy event ("Input format of a Lambda function for
 * proxy integration", developer guide), the request that produces it, and what we send.
 */
const request: GatewayRequest = {
  method: 'GET',
  rawPath: '/my/path',
  rawQuery: 'parameter1=value1&parameter1=value2&parameter2=value',
  headers: { header1: 'value1', header2: 'value1,value2', 'user-agent': 'user-agent' },
  rawHeaders: ['header1', 'value1', 'header2', 'value1', 'header2', 'value2', 'User-Agent', 'user-agent'],
  body: Buffer.from('Hello from Lambda!'),
  hostname: 'id.execute-api.localhost',
  sourceIp: '192.0.2.1',
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  receivedAt: 1583349317135,
};
const context = {
  accountId: '123456789012',
  apiId: 'id',
  stage: 'prod',
  stageVariables: undefined,
  resourcePath: '/my/path',
  resourceId: 'abcdef1234',
  path: '/my/path',
  pathParameters: undefined,
  domainName: 'id.execute-api.localhost',
  binaryMediaTypes: [],
};

describe('payload format 1.0 events', () => {
  const event = restApiEvent(request, context);

  it.each<[string, unknown]>([
    ['resource', '/my/path'],
    ['path', '/my/path'],
    ['httpMethod', 'GET'],
    // The single-value maps hold each name's last value (AWS's example shows `header2: value2`).
    ['headers', { header1: 'value1', header2: 'value2', 'User-Agent': 'user-agent' }],
    [
      'multiValueHeaders',
      { header1: ['value1'], header2: ['value1', 'value2'], 'User-Agent': ['user-agent'] },
    ],
    // AWS's example prints `parameter1: value1` here, but API Gateway sends the last value, as for
    // headers (aws-lambda-go#42; Powertools' converters rely on it).
    ['queryStringParameters', { parameter1: 'value2', parameter2: 'value' }],
    ['multiValueQueryStringParameters', { parameter1: ['value1', 'value2'], parameter2: ['value'] }],
    ['pathParameters', null],
    ['stageVariables', null],
    ['body', 'Hello from Lambda!'],
    ['isBase64Encoded', false],
  ])('%s', (field, expected) => {
    expect(event[field]).toEqual(expected);
  });

  it('requestContext', () => {
    expect(event['requestContext']).toEqual({
      resourceId: 'abcdef1234',
      resourcePath: '/my/path',
      httpMethod: 'GET',
      extendedRequestId: request.requestId,
      requestTime: '04/Mar/2020:19:15:17 +0000',
      path: '/prod/my/path',
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      domainPrefix: 'id',
      requestTimeEpoch: 1583349317135,
      requestId: request.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: '192.0.2.1',
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: 'user-agent',
        user: null,
      },
      domainName: 'id.execute-api.localhost',
      apiId: 'id',
    });
    expect(requestTime(Date.UTC(2026, 11, 3, 7, 5, 9))).toBe('03/Dec/2026:07:05:09 +0000');
  });

  it('path parameters, stage variables, no query, no body', () => {
    const e = restApiEvent(
      { ...request, rawQuery: '', body: Buffer.alloc(0), method: 'DELETE' },
      {
        ...context,
        resourcePath: '/users/{id}',
        path: '/users/42',
        pathParameters: { id: '42' },
        stageVariables: { alias: 'live' },
      },
    );
    expect(e).toMatchObject({
      resource: '/users/{id}',
      path: '/users/42',
      httpMethod: 'DELETE',
      pathParameters: { id: '42' },
      stageVariables: { alias: 'live' },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      body: null,
      isBase64Encoded: false,
    });
  });

  it('decodes query strings; bodies of binary media types travel base64-encoded', () => {
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const e = restApiEvent(
      {
        ...request,
        rawQuery: 'q=a%20b&empty=&plus=1+2',
        rawHeaders: ['Content-Type', 'application/octet-stream'],
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      },
      { ...context, binaryMediaTypes: ['application/octet-stream', 'image/*'] },
    );
    expect(e['queryStringParameters']).toEqual({ q: 'a b', empty: '', plus: '1 2' });
    expect(e['isBase64Encoded']).toBe(true);
    expect(Buffer.from(e['body'] as string, 'base64')).toEqual(bytes);
    const text = restApiEvent(
      { ...request, body: Buffer.from('{"a":1}') },
      { ...context, binaryMediaTypes: ['image/*'] },
    );
    expect(text).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
  });
});

const answer = (value: unknown) => restApiResponse({ body: Buffer.from(JSON.stringify(value)) });

describe('proxy responses', () => {
  it('status, headers merged with multiValueHeaders, body', () => {
    const outcome = answer({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'X-One': 'a', 'Set-Cookie': 'ignored=1' },
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'], 'X-Many': ['x', 'y'] },
      body: 'made',
    });
    expect(outcome).toEqual({
      kind: 'response',
      response: {
        status: 201,
        headers: {
          'Content-Type': 'text/plain',
          'X-One': 'a',
          'set-cookie': ['a=1', 'b=2'],
          'X-Many': ['x', 'y'],
        },
        body: Buffer.from('made'),
      },
    });
  });

  it('base64 bodies, default content type, missing body', () => {
    const binary = answer({
      statusCode: 200,
      body: Buffer.from([0, 255]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(binary.kind === 'response' && binary.response.body).toEqual(Buffer.from([0, 255]));
    expect(binary.kind === 'response' && binary.response.headers).toEqual({
      'Content-Type': 'application/json',
    });
    const empty = answer({ statusCode: '204' });
    expect(empty.kind === 'response' && [empty.response.status, empty.response.body.length]).toEqual([
      204, 0,
    ]);
  });

  it.each<[string, unknown]>([
    ['not an object', 'hello'],
    ['no statusCode', { body: 'x' }],
    ['statusCode not a number', { statusCode: 'teapot', body: 'x' }],
    ['body not a string', { statusCode: 200, body: { a: 1 } }],
    ['headers not an object', { statusCode: 200, headers: 'x' }],
    ['header value an object', { statusCode: 200, headers: { a: { b: 1 } } }],
    ['multiValueHeaders not arrays', { statusCode: 200, multiValueHeaders: { a: 'b' } }],
    ['isBase64Encoded not a boolean', { statusCode: 200, isBase64Encoded: 'yes' }],
    ['a 1xx status', { statusCode: 101 }],
    ['an invalid header name', { statusCode: 200, headers: { 'bad name': 'x' } }],
    ['a line break in a header value', { statusCode: 200, headers: { 'X-A': 'a\r\nSet-Cookie: evil=1' } }],
    [
      'a line break in a multi-value header',
      { statusCode: 200, multiValueHeaders: { 'X-A': ['ok', 'a\nb'] } },
    ],
  ])('malformed: %s', (_, value) => {
    expect(answer(value).kind).toBe('malformed');
  });

  it('a body that is not JSON is malformed', () => {
    expect(restApiResponse({ body: Buffer.from('not json') })).toEqual({
      kind: 'malformed',
      reason: 'the response is not JSON',
    });
  });
});
