import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, VirtualClock } from '../../src/common/clock.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let cd: CodeDeployClient;
let cw: CloudWatchClient;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
const settle = async (): Promise<void> => {
  await t.server.metrics.idle();
  await t.server.engine.idle();
};

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  cd = codeDeployClient(t);
  cw = new CloudWatchClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  cd.destroy();
  cw.destroy();
  await t.dispose();
});

/** An alarm on a custom metric (AWS/ namespaces are reserved for PutMetricData). */
async function errorsAlarm(name: string, fn: string): Promise<void> {
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'App/Checks',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: fn }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
}

describe('alarms stop deployments', () => {
  it('Given an alarm that fires mid-shift, the deployment stops and the alias is restored in the same instant', async () => {
    await functionWithVersions(t.lambda, 'alarmed');
    await errorsAlarm('alarmed-errors', 'alarmed');
    await createGroup(cd, 'app', 'g', {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      alarmConfiguration: { enabled: true, alarms: [{ name: 'alarmed-errors' }] },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
    });
    const id = await deploy(cd, 'app', 'g', appSpec('alarmed', '1', '2'));
    await settle();
    await clock.advance(2 * MINUTE);
    await settle();
    expect(await aliasOf(t.lambda, 'alarmed')).toEqual({ version: '1', weights: { '2': 0.3 } });

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
    await settle();
    const stopped = await deploymentOf(cd, id);
    expect(stopped).toMatchObject({
      status: 'Stopped',
      errorInformation: {
        code: 'ALARM_ACTIVE',
        message:
          'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: alarmed-errors',
      },
    });
    expect(stopped.completeTime?.getTime()).toBe(clock.now());
    const rollback = await deploymentOf(cd, stopped.rollbackInfo!.rollbackDeploymentId!);
    expect(rollback).toMatchObject({ status: 'Succeeded', creator: 'codeDeployRollback' });
    expect(rollback.completeTime?.getTime()).toBe(clock.now());
    expect(await aliasOf(t.lambda, 'alarmed')).toEqual({ version: '1', weights: undefined });
  });

  it('Given an alarm already in ALARM at start, the deployment stops before shifting', async () => {
    await functionWithVersions(t.lambda, 'early');
    await errorsAlarm('early-errors', 'early');
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: 'early-errors',
        StateValue: 'ALARM',
        StateReason: 'left over from a bad version',
      }),
    );
    await createGroup(cd, 'app', 'early-g', {
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      alarmConfiguration: { enabled: true, alarms: [{ name: 'early-errors' }] },
    });
    const id = await deploy(cd, 'app', 'early-g', appSpec('early', '1', '2'));
    await settle();
    expect(await deploymentOf(cd, id)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'ALARM_ACTIVE' },
    });
    expect(await aliasOf(t.lambda, 'early')).toEqual({ version: '1', weights: undefined });
  });

  it('Given an alarm that does not exist, the deployment stops unless poll failures are ignored', async () => {
    await functionWithVersions(t.lambda, 'ghost');
    await createGroup(cd, 'app', 'ghost-g', {
      alarmConfiguration: { enabled: true, alarms: [{ name: 'no-such-alarm' }] },
    });
    const stopped = await deploy(cd, 'app', 'ghost-g', appSpec('ghost', '1', '2'));
    await settle();
    expect((await deploymentOf(cd, stopped)).errorInformation?.message).toMatch(
      /could not read alarms it watches: no-such-alarm/,
    );
    await createGroup(cd, 'app', 'ghost-ignored', {
      alarmConfiguration: {
        enabled: true,
        ignorePollAlarmFailure: true,
        alarms: [{ name: 'no-such-alarm' }],
      },
    });
    const passed = await deploy(cd, 'app', 'ghost-ignored', appSpec('ghost', '1', '2'));
    await settle();
    expect((await deploymentOf(cd, passed)).status).toBe('Succeeded');
  });
});
