import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorName, failureOf, RequestFailed, sendSigned } from './aws-json.js';
import { invoke } from './lambda-api.js';

describe('a failed answer, named and worded as the SDK does', () => {
  it('takes the type from x-amzn-errortype or the body, without namespace or URL', () => {
    expect(errorName('ResourceNotFoundException:http://internal.amazon.com/coral/')).toBe(
      'ResourceNotFoundException',
    );
    expect(errorName('com.amazonaws.codedeploy#DeploymentDoesNotExistException')).toBe(
      'DeploymentDoesNotExistException',
    );
    const e = failureOf(404, undefined, '{"__type":"ns#Missing","message":"no such thing"}');
    expect(e).toBeInstanceOf(RequestFailed);
    expect([e.name, e.message, e.status]).toEqual(['Missing', 'no such thing', 404]);
    expect(failureOf(400, 'Bad', '{"Message":"said so"}').message).toBe('said so');
    expect(failureOf(502, undefined, '').message).toBe('HTTP 502');
  });
});

describe("Lambda's Invoke without the SDK", () => {
  let seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '3' });
      res.end('{"errorMessage":"boom"}');
    });
  });
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the path, qualifier, payload and extra headers signed, and reads the function error', async () => {
    seen = [];
    const to = { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'AK', secretAccessKey: 'S' } };
    const out = await invoke(to, { FunctionName: 'my fn(1)', Qualifier: 'live' }, '{"a":1}', {
      'x-gradual-routing-key': 'k',
    });
    expect(out).toEqual({
      payload: '{"errorMessage":"boom"}',
      functionError: 'Unhandled',
      executedVersion: '3',
    });
    const [req] = seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/2015-03-31/functions/my%20fn%281%29/invocations?Qualifier=live');
    expect(req?.body).toBe('{"a":1}');
    expect(req?.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AK\/\d{8}\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[^,]*x-gradual-routing-key/,
    );
  });
});

describe('throttled or briefly unavailable answers are asked again, as the SDK did', () => {
  const answers: (number | 'reset')[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const next = answers.shift() ?? 200;
    if (next === 'reset') return req.socket.destroy();
    res.writeHead(next, next === 200 ? {} : { 'x-amzn-errortype': 'TooManyRequestsException' });
    res.end(next === 200 ? '{"ok":true}' : '{"message":"slow down"}');
  });
  let to = { endpoint: '', region: 'us-east-1', credentials: { accessKeyId: 'AK', secretAccessKey: 'S' } };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    to = { ...to, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const get = { service: 'gradual', method: 'GET', path: '/_gradual/v1/x' };

  it('a 429, then a reset connection, then an answer: three attempts, the answer returned', async () => {
    answers.push(429, 'reset');
    requests = 0;
    const answer = await sendSigned(to, get, [1, 1]);
    expect([requests, answer.text]).toEqual([3, '{"ok":true}']);
  });

  it('gives up after the last attempt with the service error, and does not repeat a client error', async () => {
    answers.push(503, 503, 503);
    requests = 0;
    await expect(sendSigned(to, get, [1, 1])).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      status: 503,
    });
    expect(requests).toBe(3);
    answers.push(400);
    requests = 0;
    await expect(sendSigned(to, get, [1, 1])).rejects.toMatchObject({ status: 400 });
    expect(requests).toBe(1);
  });
});
