import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorType } from '../../common/errors.js';
import { silentLog } from '../../common/log.js';
import { seededRandom } from '../../common/random.js';
import type { Extension } from './app.js';
import type { RpcEndpoint } from './endpoint.js';
import { gatewayRequest } from '../../../test/support/gateway.js';
import { quickAnswers } from './quick-answers.js';

// What the quick path answers itself and what it leaves to the app, over real HTTP.
class NotFoundException extends errorType('NotFoundException', 404) {}
const observed: [string, number][] = [];
const files: Extension = {
  prefix: '/files',
  signingName: undefined,
  mount: () => undefined,
  quick: ({ rawPath }) => {
    if (rawPath === '/files/declined') return undefined;
    if (rawPath === '/files/there')
      return Promise.resolve({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'here' });
    return Promise.resolve({
      error: new NotFoundException('no such file'),
      headers: { 'x-frame-options': 'DENY' },
    });
  },
};
const signed: Extension = { ...files, prefix: '/signed', signingName: 'gradual' };
/** Claims requests carrying `x-claim`, as S3 claims the ones signed for it. */
const claiming = { matches: (r) => r.headers['x-claim'] !== undefined } as Pick<RpcEndpoint, 'matches'>;

let server: Server;
let base: string;
beforeAll(async () => {
  const quick = quickAnswers({
    extensions: [signed, files],
    endpoints: [claiming as RpcEndpoint],
    random: seededRandom(1),
    log: silentLog,
    observeRequest: (service, status) => observed.push([service, status]),
  });
  server = createServer((req, res) => {
    if (quick(req, res)) return;
    req.resume();
    res.end('the app');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send = (path: string, options: Parameters<typeof gatewayRequest>[1] = {}) =>
  gatewayRequest(`${base}${path}`, options);

describe('quick answers', () => {
  it('answers an unsigned GET the extension knows, with a request id, a length and request metrics', async () => {
    const found = await send('/files/there?v=1');
    expect(found).toMatchObject({ status: 200, text: 'here' });
    expect(found.headers).toMatchObject({ 'content-type': 'text/plain', 'content-length': '4' });
    expect(found.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(observed.at(-1)).toEqual(['unsigned', 200]);
  });

  it("writes an error in the extension's protocol, with the extension's own headers", async () => {
    const missing = await send('/files/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({
      __type: 'NotFoundException',
      Type: 'User',
      message: 'no such file',
    });
    expect(missing.headers).toMatchObject({
      'x-amzn-errortype': 'NotFoundException',
      'x-frame-options': 'DENY',
    });
    expect(observed.at(-1)).toEqual(['unsigned', 404]);
  });

  it.each([
    ['another method', '/files/there', { method: 'POST', body: 'x' }],
    ['a body to read', '/files/there', { headers: { 'content-length': '1' }, body: 'x' }],
    ['a chunked body', '/files/there', { headers: { 'transfer-encoding': 'chunked' } }],
    [
      'a credential scope',
      '/files/there',
      { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=a/20250101/us-east-1/lambda/aws4_request' } },
    ],
    [
      'a credential in the query',
      '/files/there?X-Amz-Credential=a%2F20250101%2Fus-east-1%2Fs3%2Faws4_request',
      {},
    ],
    ['an endpoint claiming it', '/files/there', { headers: { 'x-claim': '1' } }],
    ['a signed extension', '/signed/there', {}],
    ['a Host the adapter refuses', '/files/there', { headers: { host: 'a@b' } }],
    ['no extension', '/elsewhere', {}],
    ['the extension declining', '/files/declined', {}],
  ])('leaves a request with %s to the app', async (_why, path, options) => {
    expect((await send(path, options)).text).toBe('the app');
  });
});
