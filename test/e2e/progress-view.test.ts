import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchDeployments } from '../../src/client/cli/progress/index.js';
import type { Connection } from '../../src/client/sdk/connection.js';
import { MINUTE, VirtualClock } from '../../src/common/clock.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  functionWithVersions,
} from '../support/codedeploy.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let cd: CodeDeployClient;
let connection: Connection;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  cd = codeDeployClient(t);
  connection = { endpoint: t.server.url, region: 'us-east-1', credentials: t.credentials };
  await createGroup(cd, 'app', 'g', {
    deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
  });
});
afterAll(async () => {
  cd.destroy();
  await t.dispose();
});

/** A non-terminal output that keeps what was written. */
function capture(): NodeJS.WritableStream & { text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return Object.assign(stream, { text: () => text });
}

async function until(check: () => boolean, what: () => string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out; output:\n${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the progress view, one line per event', () => {
  it('Given a canary, it follows the deployment to success and says so', async () => {
    await functionWithVersions(t.lambda, 'calm');
    const id = await deploy(cd, 'app', 'g', appSpec('calm', '1', '2'));
    const out = capture();
    const watching = watchDeployments(
      connection,
      [{ functionName: 'calm', alias: 'live', deploymentId: id }],
      {
        out,
        interrupt: 'ignore',
        pollMs: 50,
      },
    );
    await until(
      () => out.text().includes('shifted'),
      () => out.text(),
    );
    await clock.advance(5 * MINUTE);
    expect(await watching).toEqual([{ deploymentId: id, status: 'Succeeded' }]);
    expect(out.text().split('\n')).toEqual([
      `calm:live ${id} created: Created with CodeDeployDefault.LambdaCanary10Percent5Minutes.`,
      `calm:live ${id} started: Shifting calm:live from version 1 to 2 (10% -> 100%).`,
      `calm:live ${id} shifted: Step 1 of 2: 10% of traffic on version 2, held 5 min.`,
      `calm:live ${id} advance: Step 1 done: hold elapsed; no alarm fired.`,
      `calm:live ${id} shifted: Step 2 of 2: 100% of traffic on version 2.`,
      `calm:live ${id} succeeded: All traffic is on the new version.`,
      '',
    ]);
  });

  it('Given Ctrl-C and yes, it stops the deployment with a rollback and follows the rollback to its end', async () => {
    await functionWithVersions(t.lambda, 'stormy');
    const id = await deploy(cd, 'app', 'g', appSpec('stormy', '1', '2'));
    const out = capture();
    const input = new PassThrough();
    const watching = watchDeployments(
      connection,
      [{ functionName: 'stormy', alias: 'live', deploymentId: id }],
      { out, input, interrupt: 'ask', pollMs: 50 },
    );
    await until(
      () => out.text().includes('shifted'),
      () => out.text(),
    );
    expect(await aliasOf(t.lambda, 'stormy')).toEqual({ version: '1', weights: { '2': 0.1 } });
    process.emit('SIGINT');
    await until(
      () => out.text().includes(`Stop deployment ${id} and roll back? [y/N] `),
      () => out.text(),
    );
    input.write('y\n');
    const [result] = await watching;
    expect(result).toMatchObject({ deploymentId: id, status: 'Stopped' });
    expect(result?.reason).toMatch(/stopped/i);
    expect(out.text()).toMatch(/stopped: .*\n/);
    expect(out.text()).toMatch(/d-\w+ succeeded: Rollback complete\.\n$/);
    expect(await aliasOf(t.lambda, 'stormy')).toEqual({ version: '1', weights: undefined });
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('Given Ctrl-C and no, it keeps watching', async () => {
    await functionWithVersions(t.lambda, 'steady');
    const id = await deploy(cd, 'app', 'g', appSpec('steady', '1', '2'));
    const out = capture();
    const input = new PassThrough();
    const watching = watchDeployments(
      connection,
      [{ functionName: 'steady', alias: 'live', deploymentId: id }],
      { out, input, pollMs: 50 },
    );
    await until(
      () => out.text().includes('shifted'),
      () => out.text(),
    );
    process.emit('SIGINT');
    await until(
      () => out.text().includes('[y/N]'),
      () => out.text(),
    );
    input.write('\n');
    await until(
      () => out.text().includes('Continuing.'),
      () => out.text(),
    );
    await clock.advance(5 * MINUTE);
    expect(await watching).toEqual([{ deploymentId: id, status: 'Succeeded' }]);
  });

  it('Given an alarm that fires, it shows the alarm change, the stop and the rollback, and returns the reason', async () => {
    await functionWithVersions(t.lambda, 'alarmed');
    const cw = new CloudWatchClient({
      endpoint: t.server.url,
      region: 'us-east-1',
      credentials: t.credentials,
    });
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'alarmed-errors',
        Namespace: 'App/Checks',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: 'alarmed' }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
    await createGroup(cd, 'app', 'alarmed', {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      alarmConfiguration: { enabled: true, alarms: [{ name: 'alarmed-errors' }] },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
    });
    const id = await deploy(cd, 'app', 'alarmed', appSpec('alarmed', '1', '2'));
    const out = capture();
    const watching = watchDeployments(
      connection,
      [{ functionName: 'alarmed', alias: 'live', deploymentId: id }],
      { out, interrupt: 'ignore', pollMs: 20 },
    );
    await until(
      () => out.text().includes('alarm alarmed-errors: '),
      () => out.text(),
    );
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'App/Checks',
        MetricData: [
          {
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: 'alarmed' }],
            Value: 3,
            Timestamp: new Date(clock.now()),
          },
        ],
      }),
    );
    const [result] = await watching;
    cw.destroy();
    expect(result).toEqual({
      deploymentId: id,
      status: 'Stopped',
      reason:
        'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: alarmed-errors',
    });
    expect(out.text()).toContain(`alarmed:live ${id} stopped: One or more alarms`);
    expect(out.text()).toMatch(/alarm alarmed-errors: \w+ -> ALARM\n/);
    expect(out.text()).toMatch(/succeeded: Rollback complete\.\n$/);
  });

  it('Given two deployments at once, it follows both to their ends and reports each', async () => {
    await functionWithVersions(t.lambda, 'left');
    await functionWithVersions(t.lambda, 'right');
    await createGroup(cd, 'app', 'left-g', { deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce' });
    const a = await deploy(cd, 'app', 'g', appSpec('left', '1', '2'));
    const b = await deploy(cd, 'app', 'left-g', appSpec('right', '1', '2'));
    const out = capture();
    const watching = watchDeployments(
      connection,
      [
        { functionName: 'left', alias: 'live', deploymentId: a },
        { functionName: 'right', alias: 'live', deploymentId: b },
      ],
      { out, interrupt: 'ignore', pollMs: 50 },
    );
    await until(
      () => out.text().includes(`left:live ${a} shifted`),
      () => out.text(),
    );
    await clock.advance(5 * MINUTE);
    expect(await watching).toEqual([
      { deploymentId: a, status: 'Succeeded' },
      { deploymentId: b, status: 'Succeeded' },
    ]);
    expect(out.text()).toContain(`right:live ${b} succeeded: All traffic is on the new version.`);
  });

  it('Given a deployment that does not exist, it fails with the server message', async () => {
    await expect(
      watchDeployments(connection, [{ functionName: 'x', alias: 'live', deploymentId: 'd-NOPE00000' }], {
        out: capture(),
      }),
    ).rejects.toThrow(/d-NOPE00000 could not be found/);
  });
});
