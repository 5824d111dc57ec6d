import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/common/clock.js';
import { attribute, attributes, openBrowser, signIn, type Browser } from '../support/browser.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { invokeFunction } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

// The dashboard against a running engine on a clock 30 times faster than real time: a minute of
// deployment is two seconds here (at 60x a loaded machine's page sampling could miss a step).
let t: TestServer;
let cd: CodeDeployClient;
let browser: Browser;

beforeAll(async () => {
  t = await startTestServer({}, { clock: scaledClock(30) });
  cd = codeDeployClient(t);
  browser = await openBrowser();
});
// A failed test's pages would keep their event streams open, and fail the stream count below too.
afterEach(async () => {
  const left = browser.context.pages().filter((p) => p.url().startsWith(t.server.url));
  await Promise.all(left.map((p) => p.close()));
});
afterAll(async () => {
  await browser.close();
  cd.destroy();
  await t.dispose();
});

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const configuredOnOverview = async (page: Page, alias: string, version: string): Promise<string> =>
  (await attribute(
    page,
    `.alias[data-alias="${alias}"] .split-row:nth-child(2) .split-part[data-version="${version}"]`,
    'data-percent',
  )) ?? '0';

async function confirm(page: Page, action: string): Promise<void> {
  await page.click(`button[data-action="${action}"]`);
  await page.click(`button[data-action="confirm-${action}"]`);
}

describe('the overview', () => {
  it('Given one invocation through an alias, its observed legend counts "1 invocation"', async () => {
    await functionWithVersions(t.lambda, 'once', 1);
    await invokeFunction(t.lambda, { FunctionName: 'once', Qualifier: 'live' });
    const page = await browser.page();
    await signIn(page, t);
    const legend = page.locator('.alias[data-alias="once:live"] .legend');
    await until(async () => (await legend.count()) > 0, 'the observed legend');
    expect(await legend.textContent()).toMatch(/^v1: 1 invocation \(/);
    await page.close(); // a later test counts the open event streams
  });
});

describe('live deployment pages', () => {
  it('Given a linear rollout at 30x, the weights on the deployment page and the overview follow the engine step by step', async () => {
    await functionWithVersions(t.lambda, 'linear');
    await createGroup(cd, 'app', 'linear', {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });
    const overview = await browser.page();
    await signIn(overview, t);
    const page = await browser.page();

    // The engine's applied weights, and when it applied them.
    const applied: { weight: number; at: number }[] = [];
    const off = t.server.engine.onChange((d) => {
      if (d.spec?.functionName !== 'linear' || d.isRollback) return;
      const shifted = d.log.filter((e) => e.event === 'shifted');
      for (const e of shifted.slice(applied.length))
        applied.push({ weight: e.weight, at: performance.now() });
    });
    // The overview, open before the deployment starts, sampled on its own until the rollout ends:
    // it must show every step.
    const overviewSeen: number[] = [];
    let rolling = true;
    const overviewSampling = (async () => {
      while (rolling) {
        const onOverview = Number(await configuredOnOverview(overview, 'linear:live', '2'));
        if (onOverview !== overviewSeen.at(-1)) overviewSeen.push(onOverview);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const id = await deploy(cd, 'app', 'linear', appSpec('linear', '1', '2'));
    await page.goto(`${t.server.url}/ui/deployments/${id}`);

    // What the deployment page shows, sampled every few milliseconds until the rollout ends. It
    // opens after the deployment began: on a loaded machine a step (2 s) can pass before it shows.
    const seen: { weight: number; at: number }[] = [];
    let status: string | null = null;
    // A step is seen at the first sample after it shows: the lag measured includes up to one
    // sample's time (round trips to the browser, long on a loaded machine).
    let longestSample = 0;
    while (status !== 'Succeeded') {
      const sampleStart = performance.now();
      // Status first: the weight read after it is at least as new.
      status = await attribute(page, '.deployment-head', 'data-status');
      const weight = await attribute(page, '.deployment-head', 'data-weight');
      if (weight !== null && Number(weight) !== seen.at(-1)?.weight)
        seen.push({ weight: Number(weight), at: performance.now() });
      await new Promise((r) => setTimeout(r, 10));
      longestSample = Math.max(longestSample, performance.now() - sampleStart);
    }
    // The overview refreshes on its own stream: let it catch up with the last step.
    await until(() => overviewSeen.at(-1) === 100, 'the overview');
    rolling = false;
    await overviewSampling;
    off();
    const steps = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(applied.map((a) => a.weight)).toEqual(steps);
    // The overview draws the alias: v2's share of it, then all of it once v2 is the primary.
    expect([...new Set(overviewSeen.filter((w) => w > 0))]).toEqual(steps);
    // The deployment page: every step from the one current when it opened.
    const shown = seen.map((s) => s.weight).filter((w) => w > 0);
    expect(shown).toEqual(steps.slice(steps.indexOf(shown[0]!)));
    const firstSample = seen[0]!.at - longestSample;
    const lags = applied
      .filter((a) => a.at > firstSample)
      .map((a) => seen.find((s) => s.weight === a.weight)!.at - a.at);
    expect(lags.length).toBeGreaterThan(0);
    console.log(
      `engine -> page: median ${lags.sort((a, b) => a - b)[Math.floor(lags.length / 2)]!.toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms over ${lags.length} steps (from ${shown[0]}%; longest sample ${longestSample.toFixed(0)} ms)`,
    );
    expect(Math.max(...lags) - longestSample).toBeLessThan(1000);
    expect(await aliasOf(t.lambda, 'linear')).toEqual({ version: '2', weights: undefined });
    expect(await attributes(page, '.tl-step', 'data-state')).toEqual(steps.map(() => 'done'));
    await page.close();
    await overview.close();
  });

  it('"Stop and roll back" stops the deployment and restores the alias', async () => {
    await functionWithVersions(t.lambda, 'stopped');
    await createGroup(cd, 'app', 'stopped', {
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent30Minutes',
    });
    const id = await deploy(cd, 'app', 'stopped', appSpec('stopped', '1', '2'));
    const page = await browser.page();
    await signIn(page, t, `/ui/deployments/${id}`);
    await page.waitForSelector('.deployment-head[data-weight="10"]');
    expect(await aliasOf(t.lambda, 'stopped')).toEqual({ version: '1', weights: { '2': 0.1 } });
    await confirm(page, 'stop-rollback');
    await page.waitForSelector('.deployment-head[data-status="Stopped"]');
    await page.waitForSelector('text=Rolled back by');
    expect(await aliasOf(t.lambda, 'stopped')).toEqual({ version: '1', weights: undefined });
    expect(await deploymentOf(cd, id)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'MANUAL_STOP' },
    });
    expect(await page.textContent('.actions')).toContain('Deployment ' + id + ' stopped.');
    expect(await page.$('button[data-action="stop"]')).toBeNull();
    await page.close();
  });

  it('"Stop" without rollback leaves the split as it is; "Continue" ends a held step now', async () => {
    await functionWithVersions(t.lambda, 'held');
    await createGroup(cd, 'app', 'held', {
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent30Minutes',
    });
    const first = await deploy(cd, 'app', 'held', appSpec('held', '1', '2'));
    const page = await browser.page();
    await signIn(page, t, `/ui/deployments/${first}`);
    await page.waitForSelector('.deployment-head[data-weight="10"]');
    await confirm(page, 'stop');
    await page.waitForSelector('.deployment-head[data-status="Stopped"]');
    expect(await aliasOf(t.lambda, 'held')).toEqual({ version: '1', weights: { '2': 0.1 } });

    await t.lambda.send(new UpdateAliasCommand({ FunctionName: 'held', Name: 'live', RoutingConfig: {} }));
    const second = await deploy(cd, 'app', 'held', appSpec('held', '1', '2'));
    await page.goto(`${t.server.url}/ui/deployments/${second}`);
    await page.waitForSelector('.deployment-head[data-weight="10"]');
    await page.waitForSelector('button[data-action="continue"]');
    await confirm(page, 'continue');
    await page.waitForSelector('.deployment-head[data-status="Succeeded"]');
    expect(await aliasOf(t.lambda, 'held')).toEqual({ version: '2', weights: undefined });
    expect(await page.textContent('table.log')).toContain('ended early by a ContinueDeployment request');
    await page.close();
  });

  it('the overview rolls an alias back: a manual split to its primary, a finished deployment to the version before', async () => {
    await functionWithVersions(t.lambda, 'undo', 3);
    await createGroup(cd, 'app', 'undo', { deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce' });
    const id = await deploy(cd, 'app', 'undo', appSpec('undo', '1', '2'));
    await until(async () => (await deploymentOf(cd, id)).status === 'Succeeded', 'the deployment');
    await t.lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'undo',
        Name: 'live',
        RoutingConfig: { AdditionalVersionWeights: { '3': 0.2 } },
      }),
    );
    const page = await browser.page();
    await signIn(page, t);
    const button = 'button[data-action="rollback"][data-alias="undo:live"]';
    await page.waitForSelector(button);
    expect(await page.textContent(button)).toBe('Roll back to v2');
    await page.click(button);
    await page.click('button[data-action="confirm-rollback"][data-alias="undo:live"]');
    await page.waitForSelector(`${button}:text("Roll back to v1")`);
    expect(await aliasOf(t.lambda, 'undo')).toEqual({ version: '2', weights: undefined });
    expect(await page.textContent('main .notice')).toBe('undo:live now sends all traffic to version 2.');

    await page.click(button);
    await page.click('button[data-action="confirm-rollback"][data-alias="undo:live"]');
    await until(async () => (await aliasOf(t.lambda, 'undo')).version === '1', 'the alias back on v1');
    expect(await aliasOf(t.lambda, 'undo')).toEqual({ version: '1', weights: undefined });
    await page.waitForSelector(button, { state: 'detached' });
    await page.close();
  });

  it("a rollback follows UpdateAlias's rules: a stale revision gets Lambda's PreconditionFailedException", async () => {
    await functionWithVersions(t.lambda, 'raced');
    const split = (weight: number) =>
      t.lambda.send(
        new UpdateAliasCommand({
          FunctionName: 'raced',
          Name: 'live',
          RoutingConfig: { AdditionalVersionWeights: { '2': weight } },
        }),
      );
    const seen = await split(0.5);
    await split(0.4); // someone else, after the page showed revision `seen`
    const login = await fetch(`${t.server.url}/ui/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(t.credentials),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const rollback = (body: Record<string, string>) =>
      fetch(`${t.server.url}/ui/api/aliases/rollback`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ functionName: 'raced', alias: 'live', ...body }),
      });
    const stale = await rollback({ toVersion: '1', revisionId: seen.RevisionId! });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ __type: 'PreconditionFailedException' });
    const elsewhere = await rollback({ toVersion: '2', revisionId: seen.RevisionId! });
    expect(elsewhere.status).toBe(409);
    expect(((await elsewhere.json()) as { message: string }).message).toContain(
      'rolling back now would go to version 1, not 2',
    );
    expect(await aliasOf(t.lambda, 'raced')).toEqual({ version: '1', weights: { '2': 0.4 } });
  });

  it('closing the pages closes their event streams and drops their listeners', async () => {
    await until(() => t.server.dashboard.openStreams() === 0, 'streams to close');
    const page = await browser.page();
    await signIn(page, t);
    await until(() => t.server.dashboard.openStreams() === 1, 'the overview stream');
    await page.close();
    await until(() => t.server.dashboard.openStreams() === 0, 'the stream to close with its page');
  });

  it('reports no script errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
