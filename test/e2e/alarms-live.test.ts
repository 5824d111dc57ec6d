import {
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  type CloudWatchClient,
} from '@aws-sdk/client-cloudwatch';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmStateChange } from '../../src/server/metrics/alarms/alarm-events.js';
import { cloudWatchClient, eventually, invocation } from '../support/cloudwatch.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Real time on a real server: alarms react to data within a second, webhooks fire, restarts keep
// everything, --time-scale compresses periods.
let t: TestServer;
let cw: CloudWatchClient;
beforeAll(async () => {
  t = await startTestServer();
  cw = cloudWatchClient(t);
});
afterAll(async () => {
  cw.destroy();
  await t.dispose();
});

/** Resolves with the time (performance.now) at which `alarm` enters `state`. */
function stateChange(alarm: string, state: string): Promise<number> {
  return new Promise((resolve) => {
    const off = t.server.metrics.events.onStateChange((c: AlarmStateChange) => {
      if (c.alarmName !== alarm || c.current.value !== state) return;
      off();
      resolve(performance.now());
    });
  });
}

async function putAlarm(
  name: string,
  metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] },
  actions: string[] = [],
) {
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      ...metric,
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: actions,
    }),
  );
}

function summary(ms: number[]): { median: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! };
}

describe('alarm latency (real clock)', () => {
  it('a breaching PutMetricData puts the alarm in ALARM within a second (20 runs)', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const metric = {
        Namespace: 'Latency',
        MetricName: 'Failures',
        Dimensions: [{ Name: 'Run', Value: String(i) }],
      };
      await putAlarm(`put-${i}`, metric);
      const entered = stateChange(`put-${i}`, 'ALARM');
      const sent = performance.now();
      await cw.send(
        new PutMetricDataCommand({ Namespace: metric.Namespace, MetricData: [{ ...metric, Value: 1 }] }),
      );
      delays.push((await entered) - sent);
      const [alarm] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [`put-${i}`] }))).MetricAlarms!;
      expect(alarm?.StateValue).toBe('ALARM');
    }
    const s = summary(delays);
    console.log(
      `PutMetricData -> ALARM: median ${s.median.toFixed(1)} ms, max ${s.max.toFixed(1)} ms over 20 runs`,
    );
    expect(s.max).toBeLessThan(1000);
  });

  it('a failing invocation puts a canary alarm (Resource=fn:live, ExecutedVersion=2) in ALARM within a second (20 runs)', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const fn = `canary-${i}`;
      const metric = {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: fn },
          { Name: 'Resource', Value: `${fn}:live` },
          { Name: 'ExecutedVersion', Value: '2' },
        ],
      };
      await putAlarm(`invoke-${i}`, metric);
      const entered = stateChange(`invoke-${i}`, 'ALARM');
      const recorded = performance.now();
      t.server.metrics.recorder.record(
        invocation({ functionName: fn, startedAt: Date.now(), outcome: 'error' }),
      );
      delays.push((await entered) - recorded);
    }
    const s = summary(delays);
    console.log(
      `failing invocation -> ALARM: median ${s.median.toFixed(1)} ms, max ${s.max.toFixed(1)} ms over 20 runs`,
    );
    expect(s.max).toBeLessThan(1000);
  });
});

describe('alarm actions', () => {
  let hook: Server;
  const calls: Record<string, unknown>[] = [];
  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push(JSON.parse(body) as Record<string, unknown>);
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())));

  it('POSTs to a webhook URL on the state change', async () => {
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alarm`;
    const metric = { Namespace: 'Hooks', MetricName: 'Failures', Dimensions: [] };
    await putAlarm('hooked', metric, [url]);
    await cw.send(
      new PutMetricDataCommand({ Namespace: 'Hooks', MetricData: [{ MetricName: 'Failures', Value: 3 }] }),
    );
    await eventually(() => calls.length > 0, 2000);
    expect(calls[0]).toMatchObject({
      AlarmName: 'hooked',
      NewStateValue: 'ALARM',
      OldStateValue: 'INSUFFICIENT_DATA',
    });
  });
});

describe('restart', () => {
  it('keeps alarms, their state and metric data', async () => {
    const metric = { Namespace: 'Durable', MetricName: 'Failures', Dimensions: [{ Name: 'K', Value: 'v' }] };
    await putAlarm('durable', metric);
    const entered = stateChange('durable', 'ALARM');
    await cw.send(new PutMetricDataCommand({ Namespace: 'Durable', MetricData: [{ ...metric, Value: 7 }] }));
    await entered;
    cw.destroy();
    t = await t.restart();
    cw = cloudWatchClient(t);
    const [alarm] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['durable'] }))).MetricAlarms!;
    expect([alarm?.StateValue, alarm?.StateReason]).toEqual([
      'ALARM',
      expect.stringMatching(/^Threshold Crossed: 1 datapoint \[7\.0 /) as string,
    ]);
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        ...metric,
        StartTime: new Date(Date.now() - 600_000),
        EndTime: new Date(Date.now() + 60_000),
        Period: 60,
        Statistics: ['Sum'],
      }),
    );
    expect(stats.Datapoints?.map((d) => d.Sum)).toEqual([7]);
  });
});

describe('--time-scale', () => {
  it('compresses alarm periods: a 60 s period is evaluated after about a second at scale 60', async () => {
    const fast = await startTestServer({ timeScale: 60 });
    const client = cloudWatchClient(fast);
    try {
      await client.send(
        new PutMetricAlarmCommand({
          AlarmName: 'fast',
          Namespace: 'Fast',
          MetricName: 'm',
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        }),
      );
      const started = performance.now();
      await eventually(async () => {
        const [a] = (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['fast'] }))).MetricAlarms!;
        return a?.StateValue === 'OK';
      }, 3000);
      expect(performance.now() - started).toBeLessThan(2500);
    } finally {
      client.destroy();
      await fast.dispose();
    }
  });
});

describe('Prometheus /metrics', () => {
  it('serves function, alarm, request and process metrics without authentication', async () => {
    t.server.metrics.recorder.record(
      invocation({ functionName: 'prom', startedAt: Date.now(), durationMs: 42 }),
    );
    t.server.metrics.recorder.record(
      invocation({ functionName: 'prom', startedAt: Date.now(), outcome: 'error' }),
    );
    const res = await fetch(`${t.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const labels = 'function_name="prom",qualifier="live",executed_version="2"';
    expect(text).toContain(`gradual_lambda_invocations_total{${labels}} 2`);
    expect(text).toContain(`gradual_lambda_errors_total{${labels}} 1`);
    expect(text).toContain(`gradual_lambda_duration_seconds_bucket{${labels},le="0.05"} 2`);
    expect(text).toContain(`gradual_lambda_duration_seconds_count{${labels}} 2`);
    expect(text).toContain('gradual_alarm_state{alarm_name="durable",state="ALARM"} 1');
    expect(text).toMatch(/gradual_http_requests_total\{service="monitoring",status="200"\} \d+/);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
