import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { request as httpRequest, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, signIn, type Browser } from '../support/browser.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { gatewayRequest } from '../support/gateway.js';
import { startTestServer, type TestServer } from '../support/server.js';

// The dashboard's guard, from outside: no session, no data; no CSRF token or another origin, no
// change. The deployment below holds its 10% canary for 30 minutes of real time throughout.
let t: TestServer;
let cd: CodeDeployClient;
let browser: Browser;
let id: string;

beforeAll(async () => {
  t = await startTestServer();
  cd = codeDeployClient(t);
  browser = await openBrowser();
  await functionWithVersions(t.lambda, 'guarded');
  await createGroup(cd, 'app', 'g', {
    deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent30Minutes',
  });
  id = await deploy(cd, 'app', 'g', appSpec('guarded', '1', '2'));
  await t.server.engine.idle();
});
afterAll(async () => {
  await browser.close();
  cd.destroy();
  await t.dispose();
});

const url = (path: string): string => `${t.server.url}${path}`;

/** Headers but those that differ from one response to the next. */
function comparable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { date: _date, 'x-amzn-requestid': id, ...rest } = headers;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return rest;
}

/** Signs in over HTTP: the session cookie and the CSRF token. */
async function session(): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(url('/ui/api/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(t.credentials),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

async function unchanged(): Promise<void> {
  expect((await deploymentOf(cd, id)).status).toBe('InProgress');
  expect(await aliasOf(t.lambda, 'guarded')).toEqual({ version: '1', weights: { '2': 0.1 } });
}

const READS = () => [
  '/ui/api/overview',
  '/ui/api/overview/events',
  `/ui/api/deployments/${id}`,
  `/ui/api/deployments/${id}/series`,
  `/ui/api/deployments/${id}/events`,
  '/ui/api/executions',
  '/ui/api/executions/events',
  '/ui/api/stacks',
  '/ui/api/stacks/events',
  '/ui/api/stacks/pair',
  '/ui/api/stacks/pair/events',
  `/ui/api/executions/${encodeURIComponent('arn:aws:states:us-east-1:000000000000:execution:m:e')}`,
  `/ui/api/executions/${encodeURIComponent('arn:aws:states:us-east-1:000000000000:execution:m:e')}/events`,
];
const CHANGES = () =>
  [
    [`/ui/api/deployments/${id}/stop`, { rollback: true }],
    [`/ui/api/deployments/${id}/continue`, {}],
    ['/ui/api/aliases/rollback', { functionName: 'guarded', alias: 'live', toVersion: '1', revisionId: 'x' }],
  ] as const;

describe('an unauthenticated visitor', () => {
  it('sees only the sign-in form, on the overview and on a deployment page', async () => {
    const page = await browser.page();
    for (const path of ['/ui/', `/ui/deployments/${id}`]) {
      await page.goto(url(path));
      await page.waitForSelector('form.login');
      const text = await page.textContent('body');
      expect(text).toContain('Sign in to gradual');
      expect(text).not.toContain('guarded');
      expect(await page.$('.function, .timeline, .chart')).toBeNull();
    }
    await page.close();
  });

  it('can read nothing: every data and event route answers 401, with or without a made-up cookie', async () => {
    for (const path of READS()) {
      for (const headers of [{}, { cookie: `gradual_session=${'a'.repeat(64)}` }] as Record<
        string,
        string
      >[]) {
        const response = await fetch(url(path), { headers });
        expect(response.status, path).toBe(401);
        expect(await response.text()).not.toContain('guarded');
      }
    }
  });

  it('can change nothing', async () => {
    for (const [path, body] of CHANGES()) {
      const response = await fetch(url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': 'guess' },
        body: JSON.stringify(body),
      });
      expect(response.status, path).toBe(401);
    }
    await unchanged();
  });

  it('cannot sign in with a wrong secret, and the form says so', async () => {
    const wrong = await fetch(url('/ui/api/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...t.credentials, secretAccessKey: `${t.credentials.secretAccessKey}x` }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const page = await browser.page();
    await page.goto(url('/ui/'));
    await page.fill('#access-key-id', t.credentials.accessKeyId);
    await page.fill('#secret-access-key', 'not-the-secret');
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('form.login .error:not([hidden])');
    expect(await page.textContent('form.login .error')).toBe(
      'The access key id or the secret access key is not right.',
    );
    await page.close();
    browser.errors.length = 0; // the 401 shows up as a console error
  });
});

describe('a signed-in session', () => {
  it('needs the CSRF token, this origin and a JSON body for every change', async () => {
    const { cookie, csrf } = await session();
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(url(path), { method: 'POST', headers: { cookie, ...headers }, body: JSON.stringify(body) });
    for (const [path, body] of CHANGES()) {
      const json = { 'content-type': 'application/json' };
      const noToken = await post(path, body, json);
      expect(noToken.status, path).toBe(403);
      expect(((await noToken.json()) as { __type: string }).__type).toBe('InvalidCsrfTokenException');
      expect((await post(path, body, { ...json, 'x-csrf-token': 'f'.repeat(64) })).status).toBe(403);
      const otherSite = await post(path, body, {
        ...json,
        'x-csrf-token': csrf,
        origin: 'http://evil.example',
      });
      expect(otherSite.status).toBe(403);
      expect(((await otherSite.json()) as { __type: string }).__type).toBe('CrossSiteRequestException');
      const form = await post(path, body, { 'content-type': 'text/plain', 'x-csrf-token': csrf });
      expect(form.status).toBe(400);
    }
    await unchanged();
  });

  it('reads with the cookie, and every dashboard response forbids framing and inline script', async () => {
    const { cookie } = await session();
    const response = await fetch(url(`/ui/api/deployments/${id}`), { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/ui/', '/ui/static/js/main.js', `/ui/api/deployments/${id}`, '/ui/api/nothing']) {
      const r = await fetch(url(path), { headers: { cookie } });
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(r.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it("answers the UI's files, found or not, as the app does: before Hono and through it alike", async () => {
    const { etag } = (await gatewayRequest(url('/ui/static/js/main.js'))).headers;
    const cases: [string, Record<string, string>][] = [
      ['/ui/static/js/main.js', {}],
      ['/ui/static/js/main.js?v=2', {}],
      ['/ui/static/js/main.js', { 'if-none-match': String(etag) }],
      [`/ui/static/${'q'.repeat(200)}.js`, {}],
      ['/ui/vendor/uPlot.min.css', {}],
      ['/ui/vendor/nothing.js', {}],
    ];
    for (const [path, headers] of cases) {
      const quick = await gatewayRequest(url(path), { headers });
      // An empty chunked body: the quick path leaves requests with a body to the app.
      const app = await gatewayRequest(url(path), {
        headers: { ...headers, 'transfer-encoding': 'chunked' },
      });
      // Hono writes every header name in lower case; the quick path keeps x-amzn-RequestId's.
      expect(quick.rawHeaders, path).toContain('x-amzn-RequestId');
      expect(app.rawHeaders, path).not.toContain('x-amzn-RequestId');
      expect(quick.status, path).toBe(app.status);
      expect(quick.text, path).toBe(app.text);
      expect(comparable(quick.headers), path).toEqual(comparable(app.headers));
    }
  });

  it('signing out ends the session on the server', async () => {
    const { cookie, csrf } = await session();
    const out = await fetch(url('/ui/api/logout'), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: '{}',
    });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await fetch(url('/ui/api/overview'), { headers: { cookie } })).status).toBe(401);
  });
});

describe('another site in the same browser', () => {
  let evil: Server;
  let evilUrl: string;

  beforeAll(async () => {
    // Same host, another port: the same *site*, so a SameSite=Strict cookie is still sent along;
    // the Origin check and the CSRF token are what must stop it.
    evil = createServer((req, res) => {
      const target = url(`/ui/api/deployments/${id}/stop`);
      const page = `<!doctype html><body>
        <form id="f" method="POST" action="${target}" enctype="text/plain">
          <input name='{"rollback":true,"x":"' value='"}'>
        </form>
        <script>
          fetch(${JSON.stringify(url('/ui/api/overview'))}, { credentials: 'include' })
            .then((r) => r.text()).then((t) => { document.title = 'read:' + t; }, () => { document.title = 'blocked'; });
        </script></body>`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    evil.closeAllConnections();
    await new Promise<void>((resolve) => evil.close(() => resolve()));
  });

  it('can neither read the dashboard nor post a change to it, even with the session cookie sent along', async () => {
    const page = await browser.page();
    await signIn(page, t);
    await page.goto(evilUrl);
    await page.waitForFunction("document.title !== ''");
    expect(await page.title()).toBe('blocked');
    const answered = page.waitForResponse((r) => r.url().includes('/stop'));
    await page.evaluate("document.getElementById('f').submit()");
    const response = await answered;
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('CrossSiteRequestException');
    await unchanged();
    await page.close();
    browser.errors.length = 0; // the blocked read logs a CORS error
  });
});

describe('with --auth off', () => {
  let open: TestServer;
  beforeAll(async () => {
    open = await startTestServer({ auth: 'off' });
  });
  afterAll(() => open.dispose());

  it('opens without sign-in and says so on the page', async () => {
    const page = await browser.page();
    await page.goto(`${open.server.url}/ui/`);
    await page.waitForSelector('h1.page-title');
    expect(await page.textContent('#banner')).toContain('Authentication is off');
    expect(await page.$('form.login')).toBeNull();
    await page.close();
  });

  it('still refuses changes without the CSRF token, and requests addressed to a name it does not know', async () => {
    const info = await fetch(`${open.server.url}/ui/api/session`);
    const cookie = info.headers.get('set-cookie')!.split(';')[0]!;
    expect(await info.json()).toMatchObject({ auth: 'off', signedIn: true, principal: 'anonymous' });
    const change = await fetch(`${open.server.url}/ui/api/deployments/d-AAAAAAAAA/continue`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(change.status).toBe(403);
    // DNS rebinding: a page at http://evil.example whose name now resolves to this machine.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${open.server.url}/ui/api/overview`,
        { headers: { host: `evil.example:${open.server.port}`, cookie } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const file = await gatewayRequest(`${open.server.url}/ui/static/js/main.js`, {
      host: `evil.example:${open.server.port}`,
    });
    expect(file.status).toBe(403);
    expect(file.json()).toMatchObject({ __type: 'HostNotAllowedException' });
  });

  it('reports no script errors on any page', () => {
    expect(browser.errors).toEqual([]);
  });
});
