import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND, VirtualClock } from '../../src/common/clock.js';
import { invocation } from '../support/cloudwatch.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { launcherOf } from '../support/aws-cli.js';

const run = promisify(execFile);

/** The AWS CLI v1 on PATH speaks AWS JSON 1.0; Debian's AWS CLI 2.9 (/usr/bin/aws) speaks awsQuery. */
const CLIS = [
  { name: 'aws v1 (JSON 1.0)', bin: 'aws', protocol: /'Content-Type': 'application\/x-amz-json-1\.0'/ },
  {
    name: '/usr/bin/aws v2.9 (awsQuery)',
    bin: '/usr/bin/aws',
    protocol: /'body': \{'Action': 'DescribeAlarms', 'Version': '2010-08-01'/,
  },
];

function installed(bin: string): boolean {
  if (bin.startsWith('/')) return existsSync(bin);
  try {
    execFileSync('which', [bin]);
    return true;
  } catch {
    return false;
  }
}

// Platform time is virtual so the alarm's way back to OK takes no real minutes; signatures use
// the wall clock. Each CLI gets its own server and clock, so the two run side by side.
const START = Date.UTC(2026, 0, 1, 12, 0, 10);

describe.concurrent('the canary alarm recipe with the AWS CLI', () => {
  for (const { name, bin, protocol } of CLIS) {
    it.skipIf(!installed(bin))(
      `${name}: an alarm on version 2 behind fn:live goes to ALARM and back`,
      async () => {
        const clock = new VirtualClock(START);
        const t = await startTestServer({}, { clock });
        try {
          await recipe(t, clock, bin, protocol);
        } finally {
          await t.dispose();
        }
      },
    );
  }
});

async function recipe(t: TestServer, clock: VirtualClock, bin: string, protocol: RegExp): Promise<void> {
  const fn = 'canary';
  const alarm = `${fn}-v2-errors`;
  const dims = [
    `Name=FunctionName,Value=${fn}`,
    `Name=Resource,Value=${fn}:live`,
    'Name=ExecutedVersion,Value=2',
  ];

  async function aws(args: string[], debug = false): Promise<{ out: unknown; err: string }> {
    const argv = ['cloudwatch', ...args, '--endpoint-url', t.server.url, '--output', 'json'];
    const { stdout, stderr } = await run(launcherOf(bin), debug ? [...argv, '--debug'] : argv, {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { out: stdout.trim() ? (JSON.parse(stdout) as unknown) : undefined, err: stderr };
  }

  async function invoke(version: string, outcome: 'success' | 'error', durationMs: number): Promise<void> {
    const record = {
      functionName: fn,
      executedVersion: version,
      outcome,
      durationMs,
      startedAt: clock.now(),
    };
    t.server.metrics.recorder.record(invocation(record));
    await clock.advance(0);
    await t.server.metrics.idle();
  }

  async function state(): Promise<{ StateValue: string; StateReason: string }> {
    const { out } = await aws(['describe-alarms', '--alarm-names', alarm]);
    return (out as { MetricAlarms: { StateValue: string; StateReason: string }[] }).MetricAlarms[0]!;
  }

  // The seed's canary alarm: Errors of the new version behind the alias, any error alarms.
  await aws([
    'put-metric-alarm',
    ...[
      '--alarm-name',
      alarm,
      '--namespace',
      'AWS/Lambda',
      '--metric-name',
      'Errors',
      '--dimensions',
      ...dims,
    ],
    ...['--statistic', 'Sum', '--period', '60', '--evaluation-periods', '1', '--threshold', '1'],
    ...['--comparison-operator', 'GreaterThanOrEqualToThreshold', '--treat-missing-data', 'notBreaching'],
  ]);
  const { out, err } = await aws(['describe-alarms', '--alarm-names', alarm], true);
  expect(err).toMatch(protocol); // the CLI really spoke the protocol we think it does
  expect((out as { MetricAlarms: { StateValue: string }[] }).MetricAlarms[0]?.StateValue).toBe(
    'INSUFFICIENT_DATA',
  );

  // Version 1 keeps succeeding; version 2, behind the same alias, fails.
  for (const ms of [10, 20, 30]) await invoke('1', 'success', ms);
  await invoke('2', 'error', 200);
  await invoke('2', 'error', 400);
  expect(await state()).toEqual(
    expect.objectContaining({
      StateValue: 'ALARM',
      StateReason:
        'Threshold Crossed: 1 datapoint [1.0 (01/01/26 12:00:00)] was greater than or equal to the threshold (1.0).',
    }),
  );

  // A clean minute for version 2, then the boundary that closes it.
  await clock.advance(MINUTE);
  await invoke('2', 'success', 15);
  await clock.advance(MINUTE - 10 * SECOND);
  await t.server.metrics.idle();
  expect((await state()).StateValue).toBe('OK');

  const window = [
    ...['--start-time', new Date(START - MINUTE).toISOString()],
    ...['--end-time', new Date(START + 5 * MINUTE).toISOString(), '--period', '3600'],
  ];
  const { out: invocations } = await aws([
    ...['get-metric-statistics', '--namespace', 'AWS/Lambda', '--metric-name', 'Invocations'],
    ...['--dimensions', ...dims.slice(0, 2), ...window, '--statistics', 'Sum', 'SampleCount'],
  ]);
  expect((invocations as { Datapoints: { Sum: number }[] }).Datapoints.map((d) => d.Sum)).toEqual([6]);
  const { out: duration } = await aws([
    ...[
      'get-metric-statistics',
      '--namespace',
      'AWS/Lambda',
      '--metric-name',
      'Duration',
      '--dimensions',
      ...dims,
    ],
    ...window,
    ...['--extended-statistics', 'p50', 'p99', '--unit', 'Milliseconds'],
  ]);
  const [point] = (duration as { Datapoints: { ExtendedStatistics: Record<string, number>; Unit: string }[] })
    .Datapoints;
  expect(point?.Unit).toBe('Milliseconds');
  expect(point?.ExtendedStatistics['p50']).toBeCloseTo(200, -1); // 15, 200, 400 within the sketch's 1%
  expect(point?.ExtendedStatistics['p99']).toBeCloseTo(400, -1);

  const { out: history } = await aws([
    ...['describe-alarm-history', '--alarm-name', alarm, '--history-item-type', 'StateUpdate'],
  ]);
  expect(
    (history as { AlarmHistoryItems: { HistorySummary: string }[] }).AlarmHistoryItems.map(
      (h) => h.HistorySummary,
    ),
  ).toEqual(['Alarm updated from ALARM to OK', 'Alarm updated from INSUFFICIENT_DATA to ALARM']);
}
