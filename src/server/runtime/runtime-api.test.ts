import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

let api: RuntimeApi;
let base: string;
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
  const listening = await api.listen(join(dir, 'runtime.sock'), true);
  if (listening.port === undefined) throw new Error('the Runtime API has no TCP port');
  port = listening.port;
  base = `http://127.0.0.1:${port}/2018-06-01/runtime`;
});

afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A GET over the environment's Unix socket, as gradual's bootstraps speak it. */
function getOverSocket(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: join(dir, 'runtime.sock'), path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${base}/${path}`, { method: 'POST', body, headers });

describe('the Runtime API of one environment', () => {
  it('long-polls /next until an event is delivered, with the headers runtimes require', async () => {
    const next = fetch(`${base}/invocation/next`);
    // The request arrives and is held (no answer yet); polled, as a loaded machine may take a while.
    await vi.waitFor(() => expect(heard).toEqual(['next']), { timeout: 5_000, interval: 10 });
    api.deliver(event);
    const res = await next;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"a":1}');
    expect(Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('lambda-runtime')))).toEqual({
      'lambda-runtime-aws-request-id': 'req-1',
      'lambda-runtime-deadline-ms': '1767225600000',
      'lambda-runtime-invoked-function-arn': event.invokedFunctionArn,
      'lambda-runtime-trace-id': event.traceId,
      'lambda-runtime-client-context': '{"custom":{}}',
    });
  });

  it("tells a runtime the functions' clock, outside Lambda's paths", async () => {
    const res = await fetch(`http://127.0.0.1:${port}${CLOCK_PATH}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ now: 1_800_000_000_000 });
    expect(heard).toEqual([]);
  });

  it('hands over an event delivered before the runtime asked', async () => {
    api.deliver(event);
    const res = await fetch(`${base}/invocation/next`);
    expect(res.headers.get('lambda-runtime-aws-request-id')).toBe('req-1');
  });

  it('accepts one result per event, with RAPID errors otherwise', async () => {
    api.deliver(event);
    await fetch(`${base}/invocation/next`);
    const wrong = await post('invocation/other/response', '1');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' });
    const ok = await post('invocation/req-1/response', '"done"');
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ status: 'OK' });
    const again = await post('invocation/req-1/error', '{}');
    expect(again.status).toBe(403);
    expect(await again.json()).toEqual({
      errorType: 'InvalidStateTransition',
      errorMessage:
        'State transition from RuntimeResponseSentState to InvocationErrorResponse failed for runtime. Error: State transition is not allowed',
    });
    expect(heard).toContain('response req-1 "done"');
  });

  it('takes function errors with their error type header', async () => {
    api.deliver(event);
    await fetch(`${base}/invocation/next`);
    const res = await post('invocation/req-1/error', '{"errorType":"Boom"}', {
      'Lambda-Runtime-Function-Error-Type': 'Function.Boom',
    });
    expect(res.status).toBe(202);
    expect(heard).toContain('error req-1 Function.Boom {"errorType":"Boom"}');
  });

  it('refuses a response over 6 MiB + 100 bytes with 413', async () => {
    api.deliver(event);
    await fetch(`${base}/invocation/next`);
    const res = await post('invocation/req-1/response', Buffer.alloc(6 * 1024 * 1024 + 101, 0x20));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      errorType: 'RequestEntityTooLarge',
      errorMessage: 'Exceeded maximum allowed payload size (6291556 bytes).',
    });
    expect(heard).toContain('too-large req-1');
  });

  it('refuses an unknown response mode', async () => {
    api.deliver(event);
    await fetch(`${base}/invocation/next`);
    const res = await post('invocation/req-1/response', '1', {
      'Lambda-Runtime-Function-Response-Mode': 'chunky',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
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

  it('answers on its Unix socket the same as on its port', async () => {
    const next = getOverSocket('/2018-06-01/runtime/invocation/next');
    await new Promise((resolve) => setTimeout(resolve, 30));
    api.deliver(event);
    expect(await next).toEqual({ status: 200, body: '{"a":1}' });
    expect(heard).toEqual(['next']);
  });
});
