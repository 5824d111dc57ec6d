import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateDeploymentGroupCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { PublishVersionCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/common/clock.js';
import { seededRandom } from '../../src/common/random.js';
import { buildZip } from '../../src/common/zip-writer.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
} from '../support/codedeploy.js';
import type { DecisionEntry } from '../../src/server/deployments/model.js';
import { openBrowser, screenshot, signIn } from '../support/browser.js';
import { withGradualOptions } from '../support/gradual-options.js';
import { ROLE } from '../support/functions.js';
import { createActiveFunction, waitUpdated } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';
import { signedInvoker, type SignedInvoker } from '../support/signed-invoker.js';

/**
 * The judge on a real function: version 2 fails 2% of requests where version 1 fails 0.3%,
 * under steady traffic on virtual time. A CloudWatch alarm for loud failures never fires; the
 * judge, comparing the versions through the alias, rolls version 2 back. An identical version 3
 * is promoted.
 */

let t: TestServer;
let cw: CloudWatchClient;
/** The traffic's client: thousands of invocations, without the SDK's cost per call. */
let invoker: SignedInvoker;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
const settle = async (): Promise<void> => {
  await t.server.metrics.idle();
  await t.server.engine.idle();
};

/** Fails `perMille` of requests, spread evenly by the request's number (7919 permutes each thousand). */
const failing = (perMille: number, tag: string) =>
  buildZip({
    'index.js': `// ${tag}
exports.handler = async (e) => {
  if ((e.n * 7919) % 1000 < ${perMille}) throw new Error('request ' + e.n + ' failed');
  return { ok: e.n };
};
`,
  });

async function publish(fn: string, zip: Buffer): Promise<void> {
  await t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: fn, ZipFile: zip }));
  await waitUpdated(t.lambda, fn);
  await t.lambda.send(new PublishVersionCommand({ FunctionName: fn }));
}

let n = 0;
let judgedId = '';
/** `perSecond` requests through the alias each virtual second, until `done` or `seconds` pass. */
async function traffic(fn: string, perSecond: number, seconds: number, done: () => Promise<boolean>) {
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < perSecond; i++) {
      await invoker.invoke(fn, 'live', { n: n++ });
    }
    await clock.advance(1000);
    await settle();
    if (await done()) return;
  }
}

beforeAll(async () => {
  t = await startTestServer({}, { clock, routingRandom: seededRandom(19) });
  cw = new CloudWatchClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
    maxAttempts: 1,
  });
  invoker = signedInvoker(t.server.url, t.credentials, t.server.options.region);
  await createActiveFunction(t.lambda, 'judged', { Code: { ZipFile: await failing(3, 'v1') } });
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'judged' }));
  await publish('judged', await failing(20, 'v2'));
  await publish('judged', await failing(3, 'v3'));
  const { CreateAliasCommand } = await import('@aws-sdk/client-lambda');
  await t.lambda.send(new CreateAliasCommand({ FunctionName: 'judged', Name: 'live', FunctionVersion: '1' }));
  // An alarm for a version that fails loudly: more than 5% of its ~300 requests a minute.
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: 'judged-v2-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        { Name: 'FunctionName', Value: 'judged' },
        { Name: 'Resource', Value: 'judged:live' },
        { Name: 'ExecutedVersion', Value: '2' },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 15,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
  await createGroup(codeDeployClient(t), 'app', 'judged', {
    alarmConfiguration: { enabled: true, alarms: [{ name: 'judged-v2-errors' }] },
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
  });
});
afterAll(async () => {
  cw.destroy();
  await invoker.close();
  await t.dispose();
});

function judgedClient(holdSeconds: number): CodeDeployClient {
  return withGradualOptions(codeDeployClient(t), {
    steps: [{ weight: 50, holdSeconds }],
    judge: {},
  });
}

describe('the judge', () => {
  it('is configured per group in gradualOptions, refused naming the field, and echoed back', async () => {
    const bad = withGradualOptions(codeDeployClient(t), {
      judge: { latency: { percentiles: ['p99', 'median'] } },
    });
    await expect(
      bad.send(
        new CreateDeploymentGroupCommand({
          applicationName: 'app',
          deploymentGroupName: 'bad',
          serviceRoleArn: ROLE,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: expect.stringContaining(
        'gradualOptions.judge.latency.percentiles[1] must be a percentile',
      ) as string,
    });
    const good = withGradualOptions(codeDeployClient(t), {
      judge: { errors: { tolerance: 0.5 }, latency: false },
    });
    await good.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'app',
        deploymentGroupName: 'echo',
        serviceRoleArn: ROLE,
      }),
    );
    const response = await signedFetch(t.server.url, {
      method: 'POST',
      credentials: t.credentials,
      service: 'codedeploy',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'CodeDeploy_20141006.GetDeploymentGroup',
      },
      body: JSON.stringify({ applicationName: 'app', deploymentGroupName: 'echo' }),
    });
    const group = (await response.json()) as {
      deploymentGroupInfo: { gradualOptions?: { judge?: unknown } };
    };
    expect(group.deploymentGroupInfo.gradualOptions?.judge).toEqual({
      confidence: 0.99,
      errors: { tolerance: 0.5, passWithin: 0 },
      latency: false,
      metrics: [],
    });
  });

  it('Given a version failing 2% against 0.3% under steady traffic, it rolls back while the alarm never fires', async () => {
    const cd = judgedClient(1800);
    const id = await deploy(cd, 'app', 'judged', appSpec('judged', '1', '2'));
    judgedId = id;
    await settle();
    expect(await aliasOf(t.lambda, 'judged')).toEqual({ version: '1', weights: { '2': 0.5 } });
    await traffic('judged', 10, 1800, async () => (await deploymentOf(cd, id)).status !== 'InProgress');

    const stopped = await deploymentOf(cd, id);
    expect(stopped).toMatchObject({ status: 'Stopped', errorInformation: { code: 'ALARM_ACTIVE' } });
    expect(stopped.errorInformation!.message).toMatch(
      /^The judge found version 2 worse than version 1 over the same window, and the deployment was stopped: errors \d\.\d% vs 0\.\d\d% \(tolerated 20%\), p [<=] /,
    );
    // Well before the end of the 30-minute step.
    expect(stopped.completeTime!.getTime() - stopped.createTime!.getTime()).toBeLessThan(15 * 60_000);
    const rollback = await deploymentOf(cd, stopped.rollbackInfo!.rollbackDeploymentId!);
    expect(rollback).toMatchObject({ status: 'Succeeded', creator: 'codeDeployRollback' });
    expect(await aliasOf(t.lambda, 'judged')).toEqual({ version: '1', weights: undefined });

    const { MetricAlarms } = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['judged-v2-errors'] }));
    expect(MetricAlarms?.[0]?.StateValue).not.toBe('ALARM');
    const { AlarmHistoryItems } = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'judged-v2-errors', HistoryItemType: 'StateUpdate' }),
    );
    expect((AlarmHistoryItems ?? []).some((h) => /to ALARM/.test(h.HistorySummary ?? ''))).toBe(false);

    // The evidence, in the decision log the API serves.
    const response = await signedFetch(`${t.server.url}/_gradual/v1/deployments/${id}`, {
      credentials: t.credentials,
      service: 'gradual',
    });
    const view = (await response.json()) as { deployment: { gradual: { decisionLog: DecisionEntry[] } } };
    const decided = view.deployment.gradual.decisionLog.find((e) => e.event === 'judge-failed')!;
    expect(decided.reason).toMatch(/^judge: errors .* -> roll back$/);
    expect(decided.judge?.checks.find((c) => c.check === 'errors')).toMatchObject({ verdict: 'fail' });
  });

  it("shows each check's verdict, its evidence and its verdicts over time on the dashboard", async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.page();
      await signIn(page, t, `/ui/deployments/${judgedId}`);
      await page.waitForSelector('table.judge');
      const checks = await page.locator('table.judge tbody tr td:first-child').allTextContents();
      expect(checks).toEqual(['errors', 'latency p50', 'latency p99']);
      expect(await page.locator('table.judge tr[data-check="errors"] .badge').textContent()).toBe('fail');
      expect(
        await page.locator('table.judge-history tr[data-check="errors"] .badge').last().textContent(),
      ).toBe('fail');
      await screenshot(page, 'deployment-judged');
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('Given an identical version, it is promoted after its step', async () => {
    const cd = judgedClient(120);
    const id = await deploy(cd, 'app', 'judged', appSpec('judged', '1', '3'));
    await settle();
    await traffic('judged', 10, 300, async () => (await deploymentOf(cd, id)).status !== 'InProgress');
    expect(await deploymentOf(cd, id)).toMatchObject({ status: 'Succeeded' });
    expect(await aliasOf(t.lambda, 'judged')).toEqual({ version: '3', weights: undefined });
  });
});
