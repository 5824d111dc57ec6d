import { describe, expect, it } from 'vitest';
import {
  clfTime,
  functionUrlEvent,
  functionUrlResponse,
  isTextContent,
  queryParameters,
} from './payload-v2.js';
import type { GatewayRequest } from './router.js';

/** The request of AWS's documented example (Lambda developer guide, "Request payload format"). */
const documented: GatewayRequest = {
  method: 'POST',
  rawPath: '/my/path',
  rawQuery: 'parameter1=value1&parameter1=value2&parameter2=value',
  headers: {
    header1: 'value1',
    header2: 'value1,value2',
    cookie: 'cookie1; cookie2',
    'content-type': 'text/plain',
    'user-agent': 'agent',
  },
  body: Buffer.from('Hello from client!'),
  hostname: '<url-id>.lambda-url.us-west-2.on.aws',
  sourceIp: '123.123.123.123',
  requestId: 'id',
  receivedAt: 1583348638390,
};

const iam = {
  accessKey: 'AKIA...',
  accountId: '111122223333',
  callerId: 'AIDA...',
  userArn: 'arn:aws:iam::111122223333:user/example-user',
  userId: 'AIDA...',
};

describe('payload format 2.0 request event', () => {
  const event = functionUrlEvent(documented, {
    accountId: '123456789012',
    urlId: '<urlid>',
    domainName: '<url-id>.lambda-url.us-west-2.on.aws',
    rawPath: '/my/path',
    iam,
  });
  const context = event['requestContext'] as Record<string, unknown>;

  it.each([
    ['version', '2.0'],
    ['routeKey', '$default'],
    ['rawPath', '/my/path'],
    ['rawQueryString', 'parameter1=value1&parameter1=value2&parameter2=value'],
    ['cookies', ['cookie1', 'cookie2']],
    ['queryStringParameters', { parameter1: 'value1,value2', parameter2: 'value' }],
    ['body', 'Hello from client!'],
    ['isBase64Encoded', false],
  ])('%s is as documented', (field, value) => {
    expect(event[field]).toEqual(value);
  });

  it('headers: lower-case names, repeats comma-joined, cookies moved out', () => {
    expect(event['headers']).toEqual({
      header1: 'value1',
      header2: 'value1,value2',
      'content-type': 'text/plain',
      'user-agent': 'agent',
    });
  });

  it.each([
    ['accountId', '123456789012'],
    ['apiId', '<urlid>'],
    ['domainName', '<url-id>.lambda-url.us-west-2.on.aws'],
    ['domainPrefix', '<urlid>'],
    ['requestId', 'id'],
    ['routeKey', '$default'],
    ['stage', '$default'],
    ['timeEpoch', 1583348638390],
    // AWS's example prints 12/Mar for this epoch; the epoch is 4 March.
    ['time', '04/Mar/2020:19:03:58 +0000'],
    [
      'http',
      {
        method: 'POST',
        path: '/my/path',
        protocol: 'HTTP/1.1',
        sourceIp: '123.123.123.123',
        userAgent: 'agent',
      },
    ],
    ['authorizer', { iam: { ...iam, cognitoIdentity: null, principalOrgId: null } }],
  ])('requestContext.%s is as documented', (field, value) => {
    expect(context[field]).toEqual(value);
  });

  it('leaves out the authorizer, cookies, query and body when there are none', () => {
    const bare = functionUrlEvent(
      { ...documented, headers: {}, rawQuery: '', body: Buffer.alloc(0) },
      { accountId: 'anonymous', urlId: 'u', domainName: 'd', rawPath: '/', iam: undefined },
    );
    expect(bare).not.toHaveProperty('cookies');
    expect(bare).not.toHaveProperty('queryStringParameters');
    expect(bare).not.toHaveProperty('body');
    expect(bare['isBase64Encoded']).toBe(false);
    expect(bare['requestContext']).not.toHaveProperty('authorizer');
  });

  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['text/html', true],
    ['application/xml', true],
    ['application/vnd.api+json', true],
    ['application/octet-stream', false],
    ['image/png', false],
    ['application/x-www-form-urlencoded', false],
    [undefined, false],
  ])('a %s body is text: %s', (type, text) => {
    expect(isTextContent(type)).toBe(text);
  });

  it('decodes query parameters, keeping empty values', () => {
    expect(queryParameters('a=%2F&b&c=x+y')).toEqual({ a: '/', b: '', c: 'x y' });
    expect(queryParameters('')).toBeUndefined();
  });

  it('writes the request time as CLF', () => {
    expect(clfTime(Date.UTC(2021, 8, 7, 22, 50, 22))).toBe('07/Sep/2021:22:50:22 +0000');
  });
});

function respond(value: unknown) {
  return functionUrlResponse({ body: Buffer.from(JSON.stringify(value)) });
}

describe('payload format 2.0 response', () => {
  it('a string is sent as JSON text, 200 application/json (AWS example "string response")', () => {
    expect(respond('Hello, world!')).toEqual({
      kind: 'response',
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('"Hello, world!"'),
      },
    });
  });

  it('an object without statusCode is the body (AWS example "JSON response")', () => {
    const outcome = respond({ message: 'Hello, world!' });
    expect(outcome).toMatchObject({ kind: 'response', response: { status: 200 } });
    if (outcome.kind === 'response')
      expect(JSON.parse(outcome.response.body.toString())).toEqual({ message: 'Hello, world!' });
  });

  it('a custom response keeps status, headers and body; cookies become set-cookie (AWS example)', () => {
    const outcome = respond({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'My-Custom-Header': 'Custom Value' },
      body: JSON.stringify({ message: 'Hello, world!' }),
      cookies: ['Cookie_1=Value1; Expires=21 Oct 2021 07:48 GMT', 'Cookie_2=Value2; Max-Age=78000'],
      isBase64Encoded: false,
    });
    expect(outcome).toEqual({
      kind: 'response',
      response: {
        status: 201,
        headers: {
          'content-type': 'application/json',
          'my-custom-header': 'Custom Value',
          'set-cookie': ['Cookie_1=Value1; Expires=21 Oct 2021 07:48 GMT', 'Cookie_2=Value2; Max-Age=78000'],
        },
        body: Buffer.from('{"message":"Hello, world!"}'),
      },
    });
  });

  it('decodes a base64 body', () => {
    const outcome = respond({
      statusCode: 200,
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(outcome.kind === 'response' && outcome.response.body).toEqual(Buffer.from([1, 2, 3]));
  });

  it.each([
    [{ statusCode: 'teapot' }, 'statusCode must be an integer'],
    [{ statusCode: 700 }, 'statusCode must be an integer'],
    [{ statusCode: 101 }, 'statusCode must be an integer from 200 to 599'],
    [{ statusCode: 200, headers: { 'a b': 'x' } }, '"a b" is not a valid header name'],
    [
      { statusCode: 200, headers: { a: 'x\r\nset-cookie: evil=1' } },
      'header a has a character HTTP does not allow',
    ],
    [{ statusCode: 200, cookies: ['a=1\r\nx: y'] }, 'a cookie has a character'],
    [{ statusCode: 200, headers: ['x'] }, 'headers must be an object'],
    [{ statusCode: 200, headers: { a: { b: 1 } } }, 'header a must be a string'],
    [{ statusCode: 200, cookies: 'a=1' }, 'cookies must be an array'],
    [{ statusCode: 200, body: { a: 1 } }, 'body must be a string'],
    [{ statusCode: 200, isBase64Encoded: 'yes' }, 'isBase64Encoded must be a boolean'],
  ])('%j is malformed: %s', (value, reason) => {
    const outcome = respond(value);
    expect(outcome.kind).toBe('malformed');
    if (outcome.kind === 'malformed') expect(outcome.reason).toContain(reason);
  });

  it('a payload that is not JSON is malformed', () => {
    expect(functionUrlResponse({ body: Buffer.from('not json') }).kind).toBe('malformed');
  });
});
