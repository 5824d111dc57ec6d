import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
  type CloudWatchClient,
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

const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000);

describe.each<CloudWatchProtocol>(['json', 'query'])('CloudWatch metrics over %s', (protocol) => {
  let cw: CloudWatchClient;
  const ns = `E2E/${protocol}`;
  const now = Date.now();
  const range = { StartTime: new Date(now - 10 * 60_000), EndTime: new Date(now + 60_000) };
  const dims = [
    { Name: 'FunctionName', Value: 'fn' },
    { Name: 'Resource', Value: 'fn:live' },
  ];
  beforeAll(() => {
    cw = cloudWatchClient(t, protocol);
  });
  afterAll(() => cw.destroy());

  it('PutMetricData then GetMetricStatistics: requested statistics only, percentiles, exact dimensions', async () => {
    await cw.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [
          {
            MetricName: 'Latency',
            Dimensions: dims,
            Timestamp: new Date(now),
            Value: 100,
            Unit: 'Milliseconds',
          },
          {
            MetricName: 'Latency',
            Dimensions: dims,
            Timestamp: new Date(now),
            Values: [10, 20, 30],
            Counts: [50, 40, 9],
            Unit: 'Milliseconds',
          },
          {
            MetricName: 'Latency',
            Dimensions: dims,
            Timestamp: new Date(now),
            StatisticValues: { SampleCount: 2, Sum: 4, Minimum: 1, Maximum: 3 },
            Unit: 'Count',
          },
        ],
      }),
    );
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: ns,
        MetricName: 'Latency',
        Dimensions: [...dims].reverse(), // a set: order does not matter
        ...range,
        Period: 60,
        Statistics: ['Sum', 'SampleCount', 'Maximum'],
        ExtendedStatistics: ['p50', 'p99'],
        Unit: 'Milliseconds',
      }),
    );
    expect(stats.Label).toBe('Latency');
    expect(stats.Datapoints).toEqual([
      {
        Timestamp: minute(now),
        Sum: 100 + 500 + 800 + 270,
        SampleCount: 100,
        Maximum: 100,
        Unit: 'Milliseconds',
        ExtendedStatistics: { p50: expect.closeTo(10, 0) as number, p99: expect.closeTo(30, 0) as number },
      },
    ]);
    // Without Unit, each unit is its own datapoint; a statistic set has no percentiles.
    const all = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: ns,
        MetricName: 'Latency',
        Dimensions: dims,
        ...range,
        Period: 60,
        Statistics: ['Average'],
      }),
    );
    expect(all.Datapoints?.map((d) => [d.Unit, d.Average]).sort()).toEqual([
      ['Count', 2],
      ['Milliseconds', 16.7],
    ]);
    // Dimension matching is exact: a subset addresses another metric.
    const subset = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: ns,
        MetricName: 'Latency',
        Dimensions: dims.slice(0, 1),
        ...range,
        Period: 60,
        Statistics: ['Sum'],
      }),
    );
    expect(subset.Datapoints).toEqual([]);
  });

  it('GetMetricStatistics bad input', async () => {
    const base = { Namespace: ns, MetricName: 'Latency', ...range, Period: 60, Statistics: ['Sum' as const] };
    expect(
      await failure(cw.send(new GetMetricStatisticsCommand({ ...base, StartTime: range.EndTime }))),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      code: 'InvalidParameterValue',
      status: 400,
      message: 'The parameter StartTime must be less than the parameter EndTime.',
    });
    expect(
      await failure(
        cw.send(
          new GetMetricStatisticsCommand({
            ...base,
            Period: 1,
            StartTime: new Date(now - 86_400_000),
            EndTime: new Date(now),
          }),
        ),
      ),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
      message:
        'You have requested up to 86400 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    });
    expect(
      await failure(cw.send(new GetMetricStatisticsCommand({ ...base, Statistics: undefined }))),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
      message: 'Must specify either Statistics or ExtendedStatistics',
    });
    expect(
      await failure(cw.send(new GetMetricStatisticsCommand({ ...base, Statistics: ['Median' as 'Sum'] }))),
    ).toMatchObject({
      code: 'ValidationError',
      message:
        "1 validation error detected: Value 'Median' at 'statistics.1.member' failed to satisfy constraint: Member must satisfy enum value set: [SampleCount, Average, Sum, Minimum, Maximum]",
    });
    expect(
      await failure(cw.send(new GetMetricStatisticsCommand({ ...base, ExtendedStatistics: ['p101'] }))),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'The value p101 for parameter ExtendedStatistics is not supported.',
    });
    expect(await failure(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 7 })))).toMatchObject({
      code: 'InvalidParameterValue',
    });
  });

  it('PutMetricData bad input, in AWS words', async () => {
    const put = (datum: object, namespace = ns) =>
      failure(
        cw.send(
          new PutMetricDataCommand({ Namespace: namespace, MetricData: [{ MetricName: 'm', ...datum }] }),
        ),
      );
    expect(await put({ Value: 1, Values: [1] })).toMatchObject({
      name: 'InvalidParameterCombinationException',
      code: 'InvalidParameterCombination',
      message:
        'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.',
    });
    expect(
      await put({ Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }),
    ).toMatchObject({
      message:
        'The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.',
    });
    expect(await put({ Values: [1, 2], Counts: [1] })).toMatchObject({
      code: 'InvalidParameterValue',
      message:
        'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.',
    });
    expect(await put({ Value: 1 }, 'AWS/Lambda')).toMatchObject({ code: 'InvalidParameterValue' });
  });

  it('GetMetricData: labels, order, paging, units', async () => {
    await cw.send(
      new PutMetricDataCommand({
        Namespace: ns,
        MetricData: [
          { MetricName: 'Hits', Timestamp: new Date(now - 120_000), Value: 1 },
          { MetricName: 'Hits', Timestamp: new Date(now - 60_000), Value: 2 },
          { MetricName: 'Hits', Timestamp: new Date(now), Value: 3, Unit: 'Count' },
        ],
      }),
    );
    const metric = { Namespace: ns, MetricName: 'Hits' };
    const result = await cw.send(
      new GetMetricDataCommand({
        ...range,
        MetricDataQueries: [
          { Id: 'sum', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
          { Id: 'top', MetricStat: { Metric: metric, Period: 60, Stat: 'p99' }, Label: 'worst' },
          { Id: 'hidden', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' }, ReturnData: false },
        ],
        ScanBy: 'TimestampAscending',
      }),
    );
    expect(result.MetricDataResults?.map((r) => [r.Id, r.Label, r.Values, r.StatusCode])).toEqual([
      ['sum', 'Hits Sum', [1, 2, 3], 'Complete'],
      ['top', 'worst', [1, 2, 3], 'Complete'],
    ]);
    expect(result.MetricDataResults?.[0]?.Timestamps).toEqual([
      minute(now - 120_000),
      minute(now - 60_000),
      minute(now),
    ]);
    expect(result.MetricDataResults?.[0]?.Messages).toEqual([
      { Code: 'MultipleUnits', Value: "Multiple units returned: '[Count, None]'" },
    ]);
    // Newest first by default; MaxDatapoints pages with NextToken.
    const page1 = await cw.send(
      new GetMetricDataCommand({
        ...range,
        MaxDatapoints: 2,
        MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } }],
      }),
    );
    expect(page1.MetricDataResults?.[0]).toMatchObject({ Values: [3, 2], StatusCode: 'PartialData' });
    const page2 = await cw.send(
      new GetMetricDataCommand({
        ...range,
        MaxDatapoints: 2,
        NextToken: page1.NextToken,
        MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } }],
      }),
    );
    expect(page2.MetricDataResults?.[0]).toMatchObject({ Values: [1], StatusCode: 'Complete' });
    expect(page2.NextToken).toBeUndefined();
    expect(
      await failure(
        cw.send(
          new GetMetricDataCommand({
            ...range,
            MetricDataQueries: [{ Id: 'e', Expression: 'SUM(METRICS())' }],
          }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    expect(
      await failure(
        cw.send(
          new GetMetricDataCommand({
            ...range,
            NextToken: 'garbage',
            MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } }],
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidNextToken', code: 'InvalidNextToken' });
  });

  it('ListMetrics filters by namespace, name and dimensions', async () => {
    const listed = await cw.send(
      new ListMetricsCommand({ Namespace: ns, Dimensions: [{ Name: 'Resource' }] }),
    );
    expect(listed.Metrics).toEqual([{ Namespace: ns, MetricName: 'Latency', Dimensions: dims }]);
    const hits = await cw.send(
      new ListMetricsCommand({ Namespace: ns, MetricName: 'Hits', RecentlyActive: 'PT3H' }),
    );
    expect(hits.Metrics).toEqual([{ Namespace: ns, MetricName: 'Hits', Dimensions: [] }]);
  });
});
