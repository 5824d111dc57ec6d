import {
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  PutMetricAlarmCommand,
  type CloudWatchClient,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudWatchClient, eventually } from '../support/cloudwatch.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The seed's suggestion: "A CloudWatch alarm could also be created to alarm based on the
 * ExecutionsFailed metric for the state machine." Real time, a real server.
 */

let t: TestServer;
let sfn: SFNClient;
let cw: CloudWatchClient;
beforeAll(async () => {
  t = await startTestServer();
  sfn = new SFNClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
    maxAttempts: 1,
  });
  cw = cloudWatchClient(t);
});
afterAll(async () => {
  sfn?.destroy();
  cw?.destroy();
  await t?.dispose();
});

async function ended(executionArn: string): Promise<string> {
  let status = 'RUNNING';
  await eventually(async () => {
    status = (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status!;
    return status !== 'RUNNING';
  });
  return status;
}

const alarmState = async (name: string) =>
  (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0]!.StateValue;

describe('AWS/States metrics', () => {
  it('an alarm on ExecutionsFailed goes to ALARM when an execution fails, not before', async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'deploy',
        roleArn: 'arn:aws:iam::000000000000:role/states',
        definition: JSON.stringify({
          StartAt: 'Healthy?',
          States: {
            'Healthy?': {
              Type: 'Choice',
              Choices: [{ Variable: '$.healthy', BooleanEquals: true, Next: 'Done' }],
              Default: 'Fail',
            },
            Done: { Type: 'Succeed' },
            Fail: { Type: 'Fail', Error: 'HealthCheck returned FAILED', Cause: 'Function deployment failed' },
          },
        }),
      }),
    );
    const dimensions = [{ Name: 'StateMachineArn', Value: stateMachineArn! }];
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'deploy-failed',
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        Dimensions: dimensions,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
    const ok = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"healthy":true}' }));
    expect(await ended(ok.executionArn!)).toBe('SUCCEEDED');
    expect(await alarmState('deploy-failed')).not.toBe('ALARM');

    const bad = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"healthy":false}' }));
    expect(await ended(bad.executionArn!)).toBe('FAILED');
    await eventually(async () => (await alarmState('deploy-failed')) === 'ALARM');
    const history = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'deploy-failed', HistoryItemType: 'StateUpdate' }),
    );
    expect(history.AlarmHistoryItems![0]!.HistorySummary).toMatch(
      /^Alarm updated from (INSUFFICIENT_DATA|OK) to ALARM$/,
    );

    const since = new Date(Date.now() - 5 * 60_000);
    const until = new Date(Date.now() + 60_000);
    const sum = async (MetricName: string) => {
      const out = await cw.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/States',
          MetricName,
          Dimensions: dimensions,
          StartTime: since,
          EndTime: until,
          Period: 3600,
          Statistics: ['Sum', 'SampleCount'],
        }),
      );
      return (out.Datapoints ?? []).reduce((total, d) => total + (d.Sum ?? 0), 0);
    };
    expect(await sum('ExecutionsStarted')).toBe(2);
    expect(await sum('ExecutionsSucceeded')).toBe(1);
    expect(await sum('ExecutionsFailed')).toBe(1);
    expect(await sum('ExecutionTime')).toBeGreaterThanOrEqual(0);
  });
});
