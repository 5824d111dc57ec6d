import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  CreateAliasCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { MINUTE, SECOND, VirtualClock } from '../../src/common/clock.js';
import { seededRandom } from '../../src/common/random.js';
import { attribute, attributes, openBrowser, screenshot, signIn, type Browser } from '../support/browser.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
} from '../support/codedeploy.js';
import { createActiveFunction, waitUpdated } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

// A small shop on virtual time, driven through the AWS APIs, then looked at in the dashboard:
// a canary that succeeds, one an alarm rolls back, a linear rollout in progress and a manual
// split. The screenshots in docs/screenshots come from here.
let t: TestServer;
let cd: CodeDeployClient;
let cw: CloudWatchClient;
let browser: Browser;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
const ids: Record<string, string> = {};

/** Each version sleeps a little longer than the one before; version 3 of checkout fails often. */
function handler(build: number): string {
  return `let n = 0;
exports.handler = async (event, context) => {
  n++;
  const v = Number(context.functionVersion) || 0;
  await new Promise((r) => setTimeout(r, 2 + v * 3 + (n % 5)));
  if (process.env.AWS_LAMBDA_FUNCTION_NAME === 'checkout' && v === 3 && n % 2 === 0) throw new Error('card declined');
  return { v, build: ${build} };
};
`;
}

async function functionWith(name: string, versions: number): Promise<void> {
  await createActiveFunction(t.lambda, name, {
    Code: { ZipFile: await buildZip({ 'index.js': handler(1) }) },
  });
  for (let v = 1; v <= versions; v++) {
    if (v > 1) {
      await t.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: name,
          ZipFile: await buildZip({ 'index.js': handler(v) }),
        }),
      );
      await waitUpdated(t.lambda, name);
    }
    await t.lambda.send(new PublishVersionCommand({ FunctionName: name, Description: `build ${v}` }));
  }
}

async function settle(): Promise<void> {
  await t.server.metrics.idle();
  await t.server.engine.idle();
}

/** Steady traffic through aliases for `ms` of virtual time, at `rate` invocations per second each. */
async function traffic(ms: number, targets: [string, number][]): Promise<void> {
  const owed = new Map<string, number>();
  for (let elapsed = 0; elapsed < ms; elapsed += SECOND) {
    for (const [qualified, rate] of targets) {
      const due = (owed.get(qualified) ?? 0) + rate;
      owed.set(qualified, due - Math.floor(due));
      const [fn, alias] = qualified.split(':');
      for (let i = 0; i < Math.floor(due); i++)
        await t.lambda.send(new InvokeCommand({ FunctionName: fn, Qualifier: alias, Payload: '{}' }));
    }
    await settle();
    await clock.advance(SECOND);
  }
  await settle();
}

beforeAll(async () => {
  t = await startTestServer(
    {},
    { clock, routingRandom: seededRandom(42), dashboard: { seriesRefreshMs: 100, overviewRefreshMs: 100 } },
  );
  cd = codeDeployClient(t);
  cw = new CloudWatchClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
    maxAttempts: 1,
  });
  browser = await openBrowser();

  await functionWith('checkout', 3);
  await functionWith('orders', 2);
  await functionWith('thumbnails', 3);
  for (const [fn, alias, version] of [
    ['checkout', 'live', '1'],
    ['orders', 'live', '1'],
    ['thumbnails', 'live', '2'],
    ['thumbnails', 'beta', '3'],
  ] as const) {
    await t.lambda.send(new CreateAliasCommand({ FunctionName: fn, Name: alias, FunctionVersion: version }));
  }
  await t.lambda.send(
    new UpdateAliasCommand({
      FunctionName: 'thumbnails',
      Name: 'live',
      RoutingConfig: { AdditionalVersionWeights: { '3': 0.25 } },
    }),
  );
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: 'checkout-live-v3-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        { Name: 'FunctionName', Value: 'checkout' },
        { Name: 'Resource', Value: 'checkout:live' },
        { Name: 'ExecutedVersion', Value: '3' },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
  await createGroup(cd, 'shop', 'checkout-canary', {
    deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
  });
  await createGroup(cd, 'shop', 'checkout-guarded', {
    deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    alarmConfiguration: { enabled: true, alarms: [{ name: 'checkout-live-v3-errors' }] },
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
  });
  await createGroup(cd, 'shop', 'orders-linear', {
    deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
  });

  const everyone: [string, number][] = [
    ['checkout:live', 1.2],
    ['thumbnails:live', 0.4],
  ];
  await traffic(MINUTE, everyone);
  ids['canary'] = await deploy(cd, 'shop', 'checkout-canary', appSpec('checkout', '1', '2'));
  await settle();
  await traffic(6 * MINUTE, everyone);
  expect((await deploymentOf(cd, ids['canary'])).status).toBe('Succeeded');

  ids['bad'] = await deploy(cd, 'shop', 'checkout-guarded', appSpec('checkout', '2', '3'));
  await settle();
  await traffic(3 * MINUTE, everyone);
  expect((await deploymentOf(cd, ids['bad'])).status).toBe('Stopped');
  expect(await aliasOf(t.lambda, 'checkout')).toEqual({ version: '2', weights: undefined });

  ids['linear'] = await deploy(cd, 'shop', 'orders-linear', appSpec('orders', '1', '2'));
  await settle();
  await traffic(3 * MINUTE + 30 * SECOND, [...everyone, ['orders:live', 1.2]]);
}, 180_000);

afterAll(async () => {
  await browser.close();
  cd.destroy();
  cw.destroy();
  await t.dispose();
});

/** Waits until the page has drawn its charts with data (uPlot draws series as SVG paths on canvas). */
async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForSelector('.chart .uplot canvas');
  await page.waitForFunction("!document.querySelector('.caption')?.textContent?.includes('stopped')");
  await page.waitForTimeout(300);
}

describe('the dashboard shows what the APIs did', () => {
  it('lists every function, alias, split and version the API created, and the rollout in progress', async () => {
    const page = await browser.page();
    await signIn(page, t);
    await page.waitForSelector('.function[data-function="thumbnails"]');
    const names = await page.locator('.function h2').allTextContents();
    expect(names).toEqual(['checkout', 'orders', 'thumbnails']);
    const configured = async (alias: string) => {
      const parts = `.alias[data-alias="${alias}"] .split-row:nth-child(2) .split-part`;
      const versions = await attributes(page, parts, 'data-version');
      const percents = await attributes(page, parts, 'data-percent');
      return versions.map((v, i) => [v, Number(percents[i])]);
    };
    expect(await configured('thumbnails:live')).toEqual([
      ['2', 75],
      ['3', 25],
    ]);
    expect(await configured('thumbnails:beta')).toEqual([['3', 100]]);
    expect(await configured('checkout:live')).toEqual([['2', 100]]);
    expect(await configured('orders:live')).toEqual([
      ['1', 60],
      ['2', 40],
    ]);
    expect(await page.textContent('.alias[data-alias="orders:live"] .deploying')).toContain(
      'deploying v1 → v2',
    );
    expect(await page.textContent('.active-list')).toContain('orders:live');
    const observed = await attributes(
      page,
      '.alias[data-alias="orders:live"] .split-row:nth-child(3) .split-part',
      'data-version',
    );
    expect(observed).toEqual(['1', '2']);
    expect(await page.textContent('.function[data-function="checkout"] details summary')).toBe(
      '3 published versions',
    );
    expect(await page.textContent('.deployments')).toContain(ids['bad']!);
    await screenshot(page, 'overview');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    // Nothing wider than a phone: tables scroll inside their cards, long names wrap.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(390);
    await screenshot(page, 'overview-phone');
    await page.close();
  });

  it('shows a successful canary: both steps done, traffic moving to v2, every decision', async () => {
    const page = await browser.page();
    await signIn(page, t, `/ui/deployments/${ids['canary']}`);
    await page.waitForSelector('.timeline');
    await chartsDrawn(page);
    expect(await page.textContent('.title-row')).toContain('Succeeded');
    expect(await attributes(page, '.tl-step', 'data-state')).toEqual(['done', 'done']);
    const events = await page.locator('table.log tbody tr td:nth-child(2)').allTextContents();
    expect(events).toEqual(['succeeded', 'shifted', 'advance', 'shifted', 'started', 'created']);
    expect(await page.$$('.chart')).toHaveLength(4);
    expect(await page.$('.actions button')).toBeNull();
    await screenshot(page, 'deployment-canary');
    await page.close();
  });

  it('shows a canary an alarm stopped: the alarm, the error, the rollback', async () => {
    const page = await browser.page();
    await signIn(page, t, `/ui/deployments/${ids['bad']}`);
    await page.waitForSelector('.timeline');
    await chartsDrawn(page);
    expect(await page.textContent('.title-row')).toContain('Stopped');
    expect(await page.textContent('.deployment-head .error')).toContain('ALARM_ACTIVE');
    expect(await page.textContent('.deployment-head .notice')).toContain('Rolled back by');
    expect(await page.textContent('.deployment-head .error')).toContain(
      'Activated alarms: checkout-live-v3-errors',
    );
    // The alarm's state now: back to OK once the bad version stopped taking traffic.
    expect(await page.textContent('tr[data-alarm="checkout-live-v3-errors"]')).toContain('OK');
    expect(await attributes(page, '.tl-step', 'data-state')).toEqual(['stopped', 'skipped']);
    await screenshot(page, 'deployment-rolled-back');
    await page.close();
  });

  it('shows the linear rollout in progress, with the step being held', async () => {
    const page = await browser.page();
    await signIn(page, t, `/ui/deployments/${ids['linear']}`);
    await page.waitForSelector('.tl-current');
    await chartsDrawn(page);
    expect(await attribute(page, '.tl-current', 'data-weight')).toBe('40');
    expect(await page.locator('.actions button').allTextContents()).toEqual([
      'Continue',
      'Stop',
      'Stop and roll back',
    ]);
    await screenshot(page, 'deployment-in-progress');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(390);
    await screenshot(page, 'deployment-phone');
    await page.close();
  });

  it('reports no script errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
