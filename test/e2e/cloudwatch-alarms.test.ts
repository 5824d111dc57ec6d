import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  type CloudWatchClient,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudWatchClient, type CloudWatchProtocol } from '../support/cloudwatch.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.dispose();
});

async function failure(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; Code?: string; message: string; $metadata: { httpStatusCode?: number } };
    return { name: err.name, code: err.Code, status: err.$metadata.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

describe.each<CloudWatchProtocol>(['json', 'query'])('CloudWatch alarms over %s', (protocol) => {
  let cw: CloudWatchClient;
  const name = (n: string) => `${protocol}-${n}`;
  const dims = [
    { Name: 'FunctionName', Value: 'fn' },
    { Name: 'Resource', Value: 'fn:live' },
  ];
  const alarm = (n: string, extra: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput => ({
    AlarmName: name(n),
    MetricName: 'Errors',
    Namespace: 'AWS/Lambda',
    Statistic: 'Sum',
    Dimensions: dims,
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    ...extra,
  });
  beforeAll(() => {
    cw = cloudWatchClient(t, protocol);
  });
  afterAll(() => cw.destroy());

  it('PutMetricAlarm then DescribeAlarms: the shape AWS returns', async () => {
    await cw.send(new PutMetricAlarmCommand(alarm('shape', { AlarmActions: ['http://127.0.0.1:1/hook'] })));
    const { MetricAlarms, CompositeAlarms } = await cw.send(
      new DescribeAlarmsCommand({ AlarmNames: [name('shape')] }),
    );
    expect(CompositeAlarms).toEqual([]);
    const a = MetricAlarms![0]!;
    expect(a).toEqual({
      AlarmName: name('shape'),
      AlarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name('shape')}`,
      AlarmConfigurationUpdatedTimestamp: expect.any(Date) as Date,
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: ['http://127.0.0.1:1/hook'],
      InsufficientDataActions: [],
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: expect.any(Date) as Date,
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Dimensions: dims,
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      StateTransitionedTimestamp: expect.any(Date) as Date,
    });
    expect(Math.abs(a.StateUpdatedTimestamp!.getTime() - Date.now())).toBeLessThan(5000);
  });

  it('DescribeAlarms filters and pages; DescribeAlarmsForMetric matches dimensions exactly', async () => {
    await cw.send(
      new PutMetricAlarmCommand(
        alarm('p99', {
          Statistic: undefined,
          ExtendedStatistic: 'p99',
          MetricName: 'Duration',
          Threshold: 500,
          ComparisonOperator: 'GreaterThanThreshold',
          DatapointsToAlarm: 2,
          EvaluationPeriods: 3,
        }),
      ),
    );
    await cw.send(new PutMetricAlarmCommand(alarm('fn-only', { Dimensions: dims.slice(0, 1) })));
    const byPrefix = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${protocol}-` }));
    expect(byPrefix.MetricAlarms?.map((a) => a.AlarmName)).toEqual([
      name('fn-only'),
      name('p99'),
      name('shape'),
    ]);
    const p99 = byPrefix.MetricAlarms![1]!;
    expect([p99.ExtendedStatistic, p99.Statistic, p99.DatapointsToAlarm]).toEqual(['p99', undefined, 2]);
    const first = await cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: `${protocol}-`, MaxRecords: 2 }),
    );
    const rest = await cw.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: `${protocol}-`,
        MaxRecords: 2,
        NextToken: first.NextToken,
      }),
    );
    expect([...first.MetricAlarms!, ...rest.MetricAlarms!].map((a) => a.AlarmName)).toEqual(
      byPrefix.MetricAlarms?.map((a) => a.AlarmName),
    );
    expect(rest.NextToken).toBeUndefined();
    const composite = await cw.send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }));
    expect(composite.MetricAlarms).toEqual([]);
    const unknown = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['no-such-alarm'] }));
    expect(unknown.MetricAlarms).toEqual([]);
    const forMetric = await cw.send(
      new DescribeAlarmsForMetricCommand({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [...dims].reverse(),
      }),
    );
    expect(forMetric.MetricAlarms?.map((a) => a.AlarmName).filter((n) => n?.startsWith(protocol))).toEqual([
      name('shape'),
    ]);
    expect(await failure(cw.send(new DescribeAlarmsCommand({ NextToken: '!!' })))).toMatchObject({
      code: 'InvalidNextToken',
    });
  });

  it('SetAlarmState, history, actions on and off, delete', async () => {
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: name('shape'),
        StateValue: 'ALARM',
        StateReason: 'drill',
        StateReasonData: '{"why":"drill"}',
      }),
    );
    const [a] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name('shape')] }))).MetricAlarms!;
    expect([a?.StateValue, a?.StateReason, a?.StateReasonData]).toEqual([
      'ALARM',
      'drill',
      '{"why":"drill"}',
    ]);
    await t.server.metrics.idle(); // the alarm action (a webhook nobody listens on) has been tried
    const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: name('shape') }));
    expect(history.AlarmHistoryItems?.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
      [
        'Action',
        expect.stringMatching(
          /^Failed to execute action http:\/\/127\.0\.0\.1:1\/hook\. Received error: "/,
        ) as string,
      ],
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
      ['ConfigurationUpdate', `Alarm "${name('shape')}" created`],
    ]);
    expect(JSON.parse(history.AlarmHistoryItems![1]!.HistoryData!)).toEqual({
      version: '1.0',
      oldState: { stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation' },
      newState: { stateValue: 'ALARM', stateReason: 'drill', stateReasonData: { why: 'drill' } },
    });
    const onlyState = await cw.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: name('shape'),
        HistoryItemType: 'StateUpdate',
        ScanBy: 'TimestampAscending',
        MaxRecords: 1,
      }),
    );
    expect(onlyState.AlarmHistoryItems).toHaveLength(1);

    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: [name('shape'), 'no-such-alarm'] }));
    expect(
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name('shape')] }))).MetricAlarms?.[0]
        ?.ActionsEnabled,
    ).toBe(false);
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: [name('shape')] }));
    expect(
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name('shape')] }))).MetricAlarms?.[0]
        ?.ActionsEnabled,
    ).toBe(true);

    await cw.send(new DeleteAlarmsCommand({ AlarmNames: [name('shape'), name('p99')] }));
    expect(
      (await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${protocol}-` }))).MetricAlarms?.map(
        (a) => a.AlarmName,
      ),
    ).toEqual([name('fn-only')]);
  });

  it('bad input and missing alarms', async () => {
    expect(await failure(cw.send(new PutMetricAlarmCommand({ ...alarm('x'), AlarmName: '' })))).toMatchObject(
      {
        code: 'ValidationError',
        status: 400,
        message:
          "1 validation error detected: Value '' at 'alarmName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      },
    );
    expect(await failure(cw.send(new PutMetricAlarmCommand(alarm('x', { Period: 45 }))))).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Period must be 10, 20, 30 or a multiple of 60',
    });
    expect(
      await failure(cw.send(new PutMetricAlarmCommand(alarm('x', { ExtendedStatistic: 'p99' })))),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
    });
    expect(
      await failure(
        cw.send(new PutMetricAlarmCommand(alarm('x', { Statistic: undefined, ExtendedStatistic: 'tm99x' }))),
      ),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'The value tm99x for parameter ExtendedStatistic is not supported.',
    });
    expect(
      await failure(
        cw.send(new SetAlarmStateCommand({ AlarmName: 'no-such-alarm', StateValue: 'OK', StateReason: 'x' })),
      ),
    ).toMatchObject({
      name: 'ResourceNotFound',
      code: 'ResourceNotFound',
      status: 404,
    });
    expect(
      await failure(
        cw.send(
          new SetAlarmStateCommand({
            AlarmName: name('fn-only'),
            StateValue: 'INVALID' as 'OK',
            StateReason: 'x',
          }),
        ),
      ),
    ).toMatchObject({
      code: 'ValidationError',
      message:
        "1 validation error detected: Value 'INVALID' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
    });
    expect(
      await failure(
        cw.send(
          new SetAlarmStateCommand({
            AlarmName: name('fn-only'),
            StateValue: 'OK',
            StateReason: 'x',
            StateReasonData: '{not json',
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidFormatFault', code: 'InvalidFormat' });
    expect(await failure(cw.send(new DeleteAlarmsCommand({ AlarmNames: ['no-such-alarm'] })))).toMatchObject({
      code: 'ResourceNotFound',
      status: 404,
    });
  });
});
