import {
  CreateFunctionUrlConfigCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationRecord } from '../../src/server/invoke/invocation-record.js';
import { openBrowser, type Browser } from '../support/browser.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { gatewayRequest, pathStyle } from '../support/gateway.js';
import { awsError } from '../support/lambda.js';
import { ROLE } from '../support/functions.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 12, attack 8: with `--auth off` a web page drove the AWS APIs through the user's browser
 * (a cross-site `text/plain` POST, or DNS rebinding). Now such requests are refused, and the CLI
 * and SDKs (which send neither Origin nor a foreign Host) work as before.
 */
let t: TestServer;
let browser: Browser;
let attacker: Server;
const invocations: InvocationRecord[] = [];

const CREATE_BODY = (name: string, zip: Buffer): string =>
  JSON.stringify({
    FunctionName: name,
    Runtime: 'nodejs20.x',
    Role: ROLE,
    Handler: 'index.echo',
    Code: { ZipFile: zip.toString('base64') },
  });

async function exists(name: string): Promise<boolean> {
  const list = await t.lambda.send(new ListFunctionsCommand({}));
  return (list.Functions ?? []).some((f) => f.FunctionName === name);
}

beforeAll(async () => {
  t = await startTestServer({ auth: 'off' }, { invocations: { record: (r) => invocations.push(r) } });
  await createFunction(t.lambda, {
    FunctionName: 'victim',
    Handler: 'index.echo',
    zip: await nodeHandlersZip(),
  });
  browser = await openBrowser();
  // The attacker's site: another origin (localhost vs 127.0.0.1, another port) serving one page.
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>cat pictures</title>');
  });
  await new Promise<void>((done) => attacker.listen(0, '127.0.0.1', done));
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => attacker?.close(done));
  await t?.dispose();
});

describe('--auth off refuses what a web page could send', () => {
  it('a page on another site can neither create nor invoke a function (real browser, simple requests)', async () => {
    const page = await browser.page();
    await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
    const zip = await nodeHandlersZip();
    const sent = await page.evaluate(
      async ({ api, body }) => {
        // `no-cors` + text/plain: a "simple" request the browser sends without asking first.
        const post = (path: string, data: string): Promise<unknown> =>
          fetch(api + path, {
            method: 'POST',
            mode: 'no-cors',
            headers: { 'content-type': 'text/plain' },
            body: data,
          }).then(
            () => 'sent',
            (e: unknown) => String(e),
          );
        return [
          await post('/2015-03-31/functions', body),
          await post('/2015-03-31/functions/victim/invocations', '{"from":"page"}'),
        ];
      },
      { api: t.server.url, body: CREATE_BODY('planted', zip) },
    );
    await page.close();
    expect(sent).toEqual(['sent', 'sent']);
    expect(await exists('planted')).toBe(false);
    expect(invocations.filter((r) => r.functionName === 'victim')).toHaveLength(0);
  });

  it('refuses a cross-site request with AccessDeniedException and a message that says what to do', async () => {
    const reply = await gatewayRequest(`${t.server.url}/2015-03-31/functions`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: CREATE_BODY('planted', await nodeHandlersZip()),
    });
    expect(reply.status).toBe(403);
    expect(reply.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect((reply.json() as { message: string }).message).toMatch(
      /authentication off.*Sec-Fetch-Site: cross-site.*AWS CLI, an SDK or the dashboard, or start it with --auth on/,
    );
    expect(await exists('planted')).toBe(false);
  });

  it('refuses DNS rebinding (a Host that is not this server) on every protocol, Invoke included', async () => {
    const host = `rebound.evil.example:${t.server.port}`;
    const rebound = { host, headers: { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' } };
    const invoke = await gatewayRequest(`${t.server.url}/2015-03-31/functions/victim/invocations`, {
      ...rebound,
      method: 'POST',
      body: '{}',
    });
    expect(invoke.status).toBe(403);
    expect(invoke.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect((invoke.json() as { message: string }).message).toContain(`not to ${host}`);
    // CloudWatch's query protocol: a form post is a simple request too.
    const alarm = await gatewayRequest(`${t.server.url}/`, {
      host,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DeleteAlarms&Version=2010-08-01&AlarmNames.member.1=a',
    });
    expect(alarm.status).toBe(403);
    // The query protocol names it as IAM does: AccessDenied.
    expect(alarm.text).toContain('<Code>AccessDenied</Code>');
    // CodeDeploy's JSON 1.1.
    const deploy = await gatewayRequest(`${t.server.url}/`, {
      host,
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'CodeDeploy_20141006.ListApplications',
      },
      body: '{}',
    });
    expect(deploy.status).toBe(403);
    expect((deploy.json() as { __type?: string }).__type).toContain('AccessDeniedException');
    expect(invocations.filter((r) => r.functionName === 'victim')).toHaveLength(0);
  });

  it('still serves the AWS SDK and CLI addressed by IP, localhost or the listen host', async () => {
    expect((await invokeFunction(t.lambda, { FunctionName: 'victim', event: { ok: 1 } })).json).toEqual({
      ok: 1,
    });
    const byName = await gatewayRequest(`${t.server.url}/2015-03-31/functions/victim`, {
      host: `localhost:${t.server.port}`,
    });
    expect(byName.status).toBe(200);
    await expect(t.lambda.send(new GetFunctionCommand({ FunctionName: 'victim' }))).resolves.toBeDefined();
  });

  it("guards the gateway's signed paths: AWS_IAM function URLs and X-Gradual-Version", async () => {
    await t.lambda.send(new PublishVersionCommand({ FunctionName: 'victim' }));
    const url = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'victim', AuthType: 'AWS_IAM' }),
    );
    const target = pathStyle(t.server.gateway.url, url.FunctionUrl!);
    const refused = await gatewayRequest(target, { host: `evil.example:${t.server.gateway.port}` });
    expect(refused.status).toBe(403);
    expect((refused.json() as { Message: string }).Message).toContain('DNS rebinding');
    const crossSite = await gatewayRequest(target, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect((await gatewayRequest(target)).status).toBe(200);
    const pinned = await gatewayRequest(target, {
      headers: { 'x-gradual-version': '1', origin: 'https://evil.example' },
    });
    expect(pinned.status).toBe(403);
    expect((await gatewayRequest(target, { headers: { 'x-gradual-version': '1' } })).status).toBe(200);
  });

  it('is not in the way with authentication on: signatures decide there', async () => {
    const signed = await startTestServer();
    try {
      const e = await awsError(signed.lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })));
      expect(e.name).toBe('ResourceNotFoundException');
    } finally {
      await signed.dispose();
    }
  });
});
