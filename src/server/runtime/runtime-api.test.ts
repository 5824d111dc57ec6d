import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { framesClient, httpClient, type TestClient } from './runtime-api-test-clients.js';
import { CLOCK_PATH, RuntimeApi, type DeliveredEvent, type RuntimeApiListener } from './runtime-api.js';

const event: DeliveredEvent = {
  requestId: 'req-1',
  payload: Buffer.from('{"a":1}'),
  deadlineMs: 1_767_225_600_000,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:live',
  traceId: 'Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0',
  clientContext: '{"custom":{}}',
  cognitoIdentity: undefined,
};

const API = '/2018-06-01/runtime';

let api: RuntimeApi;
let port: number;
let dir: string;
let heard: string[];

beforeEach(async () => {
  heard = [];
  const listener: RuntimeApiListener = {
    onNext: () => heard.push('next'),
    onResponse: (id, body) => heard.push(`response ${id} ${body.toString()}`),
    onError: (id, body, type) => heard.push(`error ${id} ${type} ${body.toString()}`),
    onInitError: (body, type) => heard.push(`init-error ${type} ${body.toString()}`),
    onResponseTooLarge: (id) => heard.push(`too-large ${id}`),
    now: () => 1_800_000_000_000,
  };
  api = new RuntimeApi(listener);
  dir = mkdtempSync(join(tmpdir(), 'gradual-rapi-'));
  const listening = await api.listen({
    socket: join(dir, 'runtime.sock'),
    tcp: true,
    frames: join(dir, 'frames.sock'),
  });
  if (listening.port === undefined) throw new Error('the Runtime API has no TCP port');
  port = listening.port;
});

afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const CHANNELS: [string, () => TestClient][] = [
  ['HTTP', () => httpClient(port)],
  ['the framed channel', () => framesClient(join(dir, 'frames.sock'))],
];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(CHANNELS)('the Runtime API of one environment, over %s', (_name, makeClient) => {
  let c: TestClient;
  beforeEach(() => {
    c = makeClient();
  });
  afterEach(() => c.close());

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    c.request('POST', `${API}/${path}`, body, headers);
  const next = () => c.request('GET', `${API}/invocation/next`);

  it('long-polls /next until an event is delivered, with the headers runtimes require', async () => {
    const waiting = next();
    // The request arrives and is held (no answer yet); polled, as a loaded machine may take a while.
    await vi.waitFor(() => expect(heard).toEqual(['next']), { timeout: 5_000, interval: 10 });
    api.deliver(event);
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(res.body).toBe('{"a":1}');
    expect(
      Object.fromEntries(Object.entries(res.headers).filter(([k]) => k.startsWith('lambda-runtime'))),
    ).toEqual({
      'lambda-runtime-aws-request-id': 'req-1',
      'lambda-runtime-deadline-ms': '1767225600000',
      'lambda-runtime-invoked-function-arn': event.invokedFunctionArn,
      'lambda-runtime-trace-id': event.traceId,
      'lambda-runtime-client-context': '{"custom":{}}',
    });
  });

  it("tells a runtime the functions' clock, outside Lambda's paths", async () => {
    const res = await c.request('GET', CLOCK_PATH);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ now: 1_800_000_000_000 });
    expect(heard).toEqual([]);
  });

  it('hands over an event delivered before the runtime asked', async () => {
    api.deliver(event);
    const res = await next();
    expect(res.headers['lambda-runtime-aws-request-id']).toBe('req-1');
  });

  it('refuses a second /next while one waits', async () => {
    const first = next();
    await vi.waitFor(() => expect(heard).toEqual(['next']));
    const second = await next();
    expect(second.status).toBe(403);
    expect(JSON.parse(second.body)).toEqual({
      errorType: 'InvalidStateTransition',
      errorMessage: 'State transition is not allowed',
    });
    api.deliver(event);
    expect((await first).status).toBe(200);
  });

  it('accepts one result per event, with RAPID errors otherwise', async () => {
    api.deliver(event);
    await next();
    const wrong = await post('invocation/other/response', '1');
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.body)).toEqual({
      errorType: 'InvalidRequestID',
      errorMessage: 'Invalid request ID',
    });
    const ok = await post('invocation/req-1/response', '"done"');
    expect(ok.status).toBe(202);
    expect(JSON.parse(ok.body)).toEqual({ status: 'OK' });
    const again = await post('invocation/req-1/error', '{}');
    expect(again.status).toBe(403);
    expect(JSON.parse(again.body)).toEqual({
      errorType: 'InvalidStateTransition',
      errorMessage:
        'State transition from RuntimeResponseSentState to InvocationErrorResponse failed for runtime. Error: State transition is not allowed',
    });
    expect(heard).toContain('response req-1 "done"');
  });

  it('takes function errors with their error type header', async () => {
    api.deliver(event);
    await next();
    const res = await post('invocation/req-1/error', '{"errorType":"Boom"}', {
      'Lambda-Runtime-Function-Error-Type': 'Function.Boom',
    });
    expect(res.status).toBe(202);
    expect(heard).toContain('error req-1 Function.Boom {"errorType":"Boom"}');
  });

  it('refuses a response over 6 MiB + 100 bytes with 413', async () => {
    api.deliver(event);
    await next();
    const res = await post('invocation/req-1/response', Buffer.alloc(6 * 1024 * 1024 + 101, 0x20));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      errorType: 'RequestEntityTooLarge',
      errorMessage: 'Exceeded maximum allowed payload size (6291556 bytes).',
    });
    expect(heard).toContain('too-large req-1');
    // The connection goes on after the refused body.
    expect((await c.request('GET', CLOCK_PATH)).status).toBe(200);
  });

  it('refuses an unknown response mode', async () => {
    api.deliver(event);
    await next();
    const res = await post('invocation/req-1/response', '1', {
      'Lambda-Runtime-Function-Response-Mode': 'chunky',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      errorType: 'InvalidFunctionResponseMode',
      errorMessage: 'Invalid function response mode',
    });
  });

  it('takes an init error only before the first event', async () => {
    const res = await post('init/error', '{"errorType":"Runtime.ImportModuleError"}', {
      'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError',
    });
    expect(res.status).toBe(202);
    expect(heard).toEqual(['init-error Runtime.ImportModuleError {"errorType":"Runtime.ImportModuleError"}']);
    api.deliver(event);
    expect((await post('init/error', '{}')).status).toBe(403);
  });

  it('answers an unknown path with 404', async () => {
    const res = await c.request('GET', '/2018-06-01/nowhere');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({
      errorType: 'InvalidRequest',
      errorMessage: 'No route for GET /2018-06-01/nowhere',
    });
  });

  it('takes a quiet result, saying nothing unless it is refused', async () => {
    api.deliver(event);
    await next();
    const accepted = await c.quiet(`${API}/invocation/req-1/response`, '"done"');
    const refused = await c.quiet(`${API}/invocation/req-1/response`, '"again"');
    expect(heard).toContain('response req-1 "done"');
    expect(refused?.status).toBe(403);
    // Over HTTP every request is answered; the framed channel answers a quiet one only to refuse it.
    expect(accepted === undefined || accepted.status === 202).toBe(true);
  });
});

describe('the framed channel', () => {
  it('hands over a result and the next /next sent in one write, in their order', async () => {
    const c = framesClient(join(dir, 'frames.sock'));
    api.deliver(event);
    await c.request('GET', `${API}/invocation/next`);
    heard.length = 0;
    // The result, then /next: both leave before either is answered.
    const quiet = c.quiet(`${API}/invocation/req-1/response`, '"done"');
    const waiting = c.request('GET', `${API}/invocation/next`);
    expect(await quiet).toBeUndefined();
    await vi.waitFor(() => expect(heard).toEqual(['response req-1 "done"', 'next']));
    api.deliver({ ...event, requestId: 'req-2' });
    expect((await waiting).headers['lambda-runtime-aws-request-id']).toBe('req-2');
    c.close();
  });

  it('ends a connection that does not speak it', async () => {
    const socket = connect({ path: join(dir, 'frames.sock') });
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    expect(heard).toEqual([]);
  });

  it('forgets a waiting /next whose runtime went away', async () => {
    const c = framesClient(join(dir, 'frames.sock'));
    void c.request('GET', `${API}/invocation/next`);
    await vi.waitFor(() => expect(heard).toEqual(['next']));
    c.close();
    await pause(30);
    const d = framesClient(join(dir, 'frames.sock'));
    const waiting = d.request('GET', `${API}/invocation/next`);
    await vi.waitFor(() => expect(heard).toEqual(['next', 'next']));
    api.deliver(event);
    expect((await waiting).status).toBe(200);
    d.close();
  });
});

describe('the HTTP Runtime API on its Unix socket', () => {
  it('answers the same as on its port', async () => {
    const next = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { socketPath: join(dir, 'runtime.sock'), path: `${API}/invocation/next` },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    await pause(30);
    api.deliver(event);
    expect(await next).toEqual({ status: 200, body: '{"a":1}' });
    expect(heard).toEqual(['next']);
  });
});
