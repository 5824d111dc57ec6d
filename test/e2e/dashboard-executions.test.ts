import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECOND, VirtualClock } from '../../src/common/clock.js';
import { buildZip } from '../../src/common/zip-writer.js';
import { attribute, attributes, openBrowser, screenshot, signIn, type Browser } from '../support/browser.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Seed 003's deployment workflow on virtual time, run three times through the Step Functions API
// (a version that reaches 100%, one the health check fails, one still shifting), then looked at
// in the dashboard: the executions list, and each execution with its graph and history.
let t: TestServer;
let sfn: SFNClient;
let browser: Browser;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:DeployWorkflow-${name}`;
const arns: Record<string, string> = {};

const FUNCTIONS: Record<string, string> = {
  CalculateWeights: 'async (e) => Array.from({ length: e.steps }, (_, i) => (i + 1) / e.steps)',
  UpdateWeight: "async (e) => e.weights.find((w) => w > (e['current-weight'] ?? 0))",
  HealthCheck: "async (e) => (e['new-version'] === '3' ? 'FAILED' : 'SUCCEEDED')",
  Rollback: 'async (e) => ({ ...e, rolledBack: true })',
  Finalize: "async (e) => ({ version: e['new-version'] })",
};

const definition = {
  Comment: 'A state machine that deploys a Lambda function incrementally using a Weighted Alias',
  StartAt: 'CalculateWeights',
  States: {
    CalculateWeights: {
      Type: 'Task',
      Resource: fn('CalculateWeights'),
      ResultPath: '$.weights',
      Next: 'UpdateWeight',
    },
    UpdateWeight: {
      Type: 'Task',
      Resource: fn('UpdateWeight'),
      ResultPath: '$.current-weight',
      Next: 'Wait',
    },
    Wait: { Type: 'Wait', SecondsPath: '$.interval', Next: 'HealthCheck' },
    HealthCheck: {
      Type: 'Task',
      Resource: fn('HealthCheck'),
      Next: 'VerifyHealthCheck',
      InputPath: '$',
      ResultPath: '$.status',
    },
    VerifyHealthCheck: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.status', StringEquals: 'FAILED', Next: 'Rollback' },
        { Variable: '$.status', StringEquals: 'SUCCEEDED', Next: 'IsFullyWeighted' },
      ],
      Default: 'Rollback',
    },
    IsFullyWeighted: {
      Type: 'Choice',
      Choices: [{ Variable: '$.current-weight', NumericEquals: 1, Next: 'Finalize' }],
      Default: 'UpdateWeight',
    },
    Rollback: { Type: 'Task', Resource: fn('Rollback'), Next: 'Fail', InputPath: '$', ResultPath: '$' },
    Fail: { Type: 'Fail', Cause: 'Function deployment failed', Error: 'HealthCheck returned FAILED' },
    Finalize: { Type: 'Task', Resource: fn('Finalize'), InputPath: '$', End: true },
  },
};

async function history(executionArn: string): Promise<string[]> {
  const out = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return (out.events ?? []).map((e) => e.type!);
}

/** Lets Lambda tasks finish (real time) until the execution has written `count` events of `type`. */
async function reach(executionArn: string, type: string, count = 1): Promise<void> {
  const deadline = performance.now() + 60_000;
  while ((await history(executionArn)).filter((e) => e === type).length < count) {
    if (performance.now() > deadline) throw new Error(`${executionArn}: no ${count}x ${type}`);
    await clock.advance(0);
    await new Promise((r) => setTimeout(r, 30));
  }
}

async function start(name: string, version: string, steps: number): Promise<string> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: arns['machine'],
      name,
      input: JSON.stringify({
        'function-name': 'MyFunction',
        'alias-name': 'MyAlias',
        'new-version': version,
        steps,
        interval: 120,
        type: 'linear',
      }),
    }),
  );
  return executionArn!;
}

/** Runs an execution through `waits` of its 120 s Waits. */
async function throughWaits(arn: string, waits: number): Promise<void> {
  for (let i = 1; i <= waits; i++) {
    await reach(arn, 'WaitStateEntered', i);
    await clock.advance(120 * SECOND);
  }
}

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  sfn = new SFNClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    maxAttempts: 1,
  });
  browser = await openBrowser();
  for (const [name, body] of Object.entries(FUNCTIONS)) {
    await createActiveFunction(t.lambda, `DeployWorkflow-${name}`, {
      Code: { ZipFile: await buildZip({ 'index.js': `exports.handler = ${body};\n` }) },
    });
  }
  arns['machine'] = (
    await sfn.send(
      new CreateStateMachineCommand({
        name: 'DeployStateMachine',
        roleArn: 'arn:aws:iam::000000000000:role/states',
        definition: JSON.stringify(definition),
      }),
    )
  ).stateMachineArn!;

  arns['healthy'] = await start('deploy-v2', '2', 4);
  await throughWaits(arns['healthy'], 4);
  await reach(arns['healthy'], 'ExecutionSucceeded');
  arns['broken'] = await start('deploy-v3', '3', 4);
  await throughWaits(arns['broken'], 1);
  await reach(arns['broken'], 'ExecutionFailed');
  arns['shifting'] = await start('deploy-v4', '4', 10);
  await throughWaits(arns['shifting'], 2);
  await reach(arns['shifting'], 'WaitStateEntered', 3);
  await clock.advance(40 * SECOND);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  sfn?.destroy();
  await t?.dispose();
});

describe('the dashboard shows Step Functions executions', () => {
  it('lists the state machines and their executions, newest first', async () => {
    const page = await browser.page();
    await signIn(page, t, '/ui/executions');
    await page.waitForSelector('table.executions');
    expect(await attributes(page, 'table.executions tbody tr', 'data-status')).toEqual([
      'RUNNING',
      'FAILED',
      'SUCCEEDED',
    ]);
    expect(await page.locator('table.executions tbody tr td:first-child').allTextContents()).toEqual([
      'deploy-v4',
      'deploy-v3',
      'deploy-v2',
    ]);
    expect(await page.textContent('tr[data-machine="DeployStateMachine"]')).toContain('RUNNING 1');
    expect(await page.textContent('tr[data-execution$="deploy-v3"]')).toContain(
      'HealthCheck returned FAILED',
    );
    await screenshot(page, 'executions');
    await page.close();
  });

  it('shows a running execution: its graph with the current state, the Wait’s time left, live', async () => {
    const page = await browser.page();
    await signIn(page, t, `/ui/executions/${encodeURIComponent(arns['shifting']!)}`);
    await page.waitForSelector('svg.state-graph g.node-active');
    const status = async (state: string) => attribute(page, `g.node[data-state="${state}"]`, 'data-status');
    expect(await status('Wait')).toBe('active');
    expect(await status('UpdateWeight')).toBe('done');
    expect(await status('Rollback')).toBe('pending');
    expect(await page.textContent('g.node[data-state="UpdateWeight"] .node-count')).toBe('×3');
    // 40 s of the third 120 s Wait have passed. The page counts on from the server's time by its own
    // clock: a second more has passed when rendering took that long (seen on a loaded machine).
    expect(await page.textContent('p.current')).toMatch(
      /^Wait · 1 min (20|19) s left \(until \d\d:\d\d:\d\d\)$/,
    );
    expect(await page.textContent('g.node[data-state="Wait"] .node-note')).toMatch(/^1 min (20|19) s left$/);
    expect(await page.locator('table.history tbody tr').count()).toBe(
      (await history(arns['shifting']!)).length,
    );
    await screenshot(page, 'execution-running');

    // The Wait ends: the page follows without a reload.
    await clock.advance(80 * SECOND);
    await reach(arns['shifting']!, 'WaitStateEntered', 4);
    await page.waitForFunction(
      `document.querySelector('g.node[data-state="HealthCheck"] .node-count')?.textContent === '×3'`,
    );
    expect(await status('Wait')).toBe('active');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    const wider = await page.evaluate(
      `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => e.tagName + '.' + e.getAttribute('class')).slice(0, 8).join(' ')`,
    );
    expect(await page.evaluate('document.documentElement.scrollWidth'), String(wider)).toBe(390);
    await screenshot(page, 'execution-phone');
    await page.close();
  });

  it('shows a failed execution: where it failed, the error and cause, the history', async () => {
    const page = await browser.page();
    await signIn(page, t, `/ui/executions/${encodeURIComponent(arns['broken']!)}`);
    await page.waitForSelector('svg.state-graph');
    expect(await page.textContent('.execution-head .error')).toBe(
      'HealthCheck returned FAILED: Function deployment failed',
    );
    expect(await attribute(page, 'g.node[data-state="Fail"]', 'data-status')).toBe('failed');
    expect(await attribute(page, 'g.node[data-state="Rollback"]', 'data-status')).toBe('done');
    expect(await attribute(page, 'g.node[data-state="Finalize"]', 'data-status')).toBe('pending');
    expect(await attributes(page, 'table.history tbody tr', 'data-type')).toEqual(
      await history(arns['broken']!),
    );
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arns['broken'] }))).status).toBe(
      'FAILED',
    );
    await screenshot(page, 'execution-failed');
    await page.close();
  });

  it('reports no script errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
