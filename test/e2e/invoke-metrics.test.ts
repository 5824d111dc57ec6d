import {
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  PutMetricAlarmCommand,
  type CloudWatchClient,
  type Dimension,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateAliasCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { cloudWatchClient, eventually } from '../support/cloudwatch.js';
import { createFunction } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let cw: CloudWatchClient;

beforeAll(async () => {
  t = await startTestServer();
  cw = cloudWatchClient(t);
  const zip = await buildZip({
    'index.js': 'exports.handler = async (e) => { if (e.fail) throw new Error("bad"); return "ok"; };\n',
  });
  await createFunction(t.lambda, { FunctionName: 'counted', Handler: 'index.handler', zip });
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'counted' }));
  await t.lambda.send(
    new CreateAliasCommand({ FunctionName: 'counted', Name: 'live', FunctionVersion: '1' }),
  );
});
afterAll(async () => {
  cw.destroy();
  await t.dispose();
});

async function sum(metric: string, dimensions: Dimension[]): Promise<number> {
  const now = Date.now();
  const out = await cw.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/Lambda',
      MetricName: metric,
      Dimensions: dimensions,
      StartTime: new Date(now - 120_000),
      EndTime: new Date(now + 60_000),
      Period: 60,
      Statistics: ['Sum'],
    }),
  );
  return (out.Datapoints ?? []).reduce((total, d) => total + (d.Sum ?? 0), 0);
}

const invoke = (qualifier: string, fail = false) =>
  t.lambda.send(
    new InvokeCommand({
      FunctionName: 'counted',
      Qualifier: qualifier,
      Payload: Buffer.from(JSON.stringify({ fail })),
    }),
  );

describe('invocations become AWS/Lambda metrics', () => {
  it('records every invocation under each dimension set, ExecutedVersion for alias invocations', async () => {
    for (let i = 0; i < 3; i++) await invoke('live');
    await invoke('1', true);
    const fn = [{ Name: 'FunctionName', Value: 'counted' }];
    const byAlias = [...fn, { Name: 'Resource', Value: 'counted:live' }];
    await eventually(async () => (await sum('Invocations', fn)) === 4);
    expect(await sum('Invocations', byAlias)).toBe(3);
    expect(await sum('Invocations', [...byAlias, { Name: 'ExecutedVersion', Value: '1' }])).toBe(3);
    expect(await sum('Invocations', [...fn, { Name: 'Resource', Value: 'counted:1' }])).toBe(1);
    expect(await sum('Errors', fn)).toBe(1);
    expect(await sum('Invocations', [])).toBeGreaterThanOrEqual(4);
  });

  it('an alarm on a version that starts failing enters ALARM within a second of the failure', async () => {
    await t.lambda.send(
      new UpdateAliasCommand({ FunctionName: 'counted', Name: 'live', FunctionVersion: '1' }),
    );
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'counted-errors',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: 'counted' },
          { Name: 'Resource', Value: 'counted:live' },
          { Name: 'ExecutedVersion', Value: '1' },
        ],
        Statistic: 'Sum',
        Period: 10,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
    const failed = performance.now();
    await invoke('live', true);
    let alarmedAfter = Infinity;
    await eventually(async () => {
      const state = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['counted-errors'] })))
        .MetricAlarms?.[0]?.StateValue;
      if (state === 'ALARM') alarmedAfter = performance.now() - failed;
      return state === 'ALARM';
    }, 2000);
    expect(alarmedAfter).toBeLessThan(1000);
  });
});
