import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, SECOND, VirtualClock } from '../../../common/clock.js';
import { silentLog } from '../../../common/log.js';
import type { Store } from '../../store/store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { startMetricsSystem, type MetricsSystem, type MetricsSystemOptions } from '../metrics-system.js';
import type { MetricId } from '../metric-key.js';
import type { AlarmStateChange } from './alarm-events.js';
import { decideAlarmConfig } from './alarm-rules.js';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const errors: MetricId = {
  namespace: 'AWS/Lambda',
  metricName: 'Errors',
  dimensions: [
    { name: 'FunctionName', value: 'fn' },
    { name: 'Resource', value: 'fn:live' },
    { name: 'ExecutedVersion', value: '2' },
  ],
};

let dir: string;
let clock: VirtualClock;
let store: Store;
let system: MetricsSystem;
let changes: AlarmStateChange[];

async function boot(options: MetricsSystemOptions = {}): Promise<void> {
  store = openSqliteStore(join(dir, 'db.sqlite'));
  system = await startMetricsSystem(
    {
      store,
      clock,
      wallClock: clock,
      log: silentLog,
      account: { region: 'us-east-1', accountId: '000000000000' },
    },
    options,
  );
  changes = [];
  system.events.onStateChange((c) => changes.push(c));
}

async function shutdown(): Promise<void> {
  await system.close();
  await store.close();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gradual-watcher-'));
  clock = new VirtualClock(START + 15 * SECOND);
  await boot();
  await system.alarms.put(
    decideAlarmConfig({
      name: 'canary-errors',
      metricName: errors.metricName,
      namespace: errors.namespace,
      dimensions: [...errors.dimensions],
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      metricMath: false,
    }),
  );
});
afterEach(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

function invoke(failed: boolean): void {
  system.recorder.record({
    functionName: 'fn',
    qualifier: 'live',
    executedVersion: '2',
    startedAt: clock.now(),
    durationMs: 5,
    outcome: failed ? 'error' : 'success',
    invocationType: 'RequestResponse',
    concurrentExecutions: 1,
    coldStart: false,
  });
}

async function settled(): Promise<void> {
  await clock.advance(0);
  await system.idle();
}

describe('AlarmWatcher', () => {
  it('starts INSUFFICIENT_DATA and is first evaluated at the next period boundary', async () => {
    expect(system.alarms.stateOf('canary-errors')).toMatchObject({
      value: 'INSUFFICIENT_DATA',
      reason: 'Unchecked: Initial alarm creation',
    });
    await clock.advance(44 * SECOND); // 12:00:59
    await system.idle();
    expect(system.alarms.stateOf('canary-errors')?.value).toBe('INSUFFICIENT_DATA');
    await clock.advance(1 * SECOND); // 12:01:00
    await system.idle();
    expect(system.alarms.stateOf('canary-errors')).toMatchObject({
      value: 'OK',
      reason:
        'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
    });
  });

  it('a failing invocation moves it to ALARM without waiting for the period, then back to OK', async () => {
    invoke(false);
    invoke(true);
    await settled(); // no clock time passes
    expect(clock.now()).toBe(START + 15 * SECOND);
    expect(changes.map((c) => [c.previous.value, c.current.value, c.cause])).toEqual([
      ['INSUFFICIENT_DATA', 'ALARM', 'evaluation'],
    ]);
    expect(changes[0]!.current.reason).toBe(
      'Threshold Crossed: 1 datapoint [1.0 (01/01/26 12:00:00)] was greater than or equal to the threshold (1.0).',
    );
    expect(changes[0]!.alarm.config.metric.dimensions).toContainEqual({
      name: 'ExecutedVersion',
      value: '2',
    });

    // The breaching minute still decides at 12:01; the next minute's successes bring OK at 12:02.
    await clock.advance(45 * SECOND);
    invoke(false);
    await clock.advance(MINUTE);
    await system.idle();
    expect(changes.map((c) => c.current.value)).toEqual(['ALARM', 'OK']);
    const history = await system.alarms.history({ alarmName: 'canary-errors', ascending: true, limit: 10 });
    expect(history.map((h) => h.summary)).toEqual([
      'Alarm "canary-errors" created',
      'Alarm updated from INSUFFICIENT_DATA to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
  });

  it('SetAlarmState holds until the next evaluation overrides it', async () => {
    await system.alarms.setState('canary-errors', { value: 'ALARM', reason: 'drill' });
    expect(changes.map((c) => [c.current.value, c.cause])).toEqual([['ALARM', 'set-alarm-state']]);
    await clock.advance(45 * SECOND);
    await system.idle();
    expect(system.alarms.stateOf('canary-errors')?.value).toBe('OK');
  });

  it('history is kept for 30 days, even after the alarm is deleted', async () => {
    await shutdown();
    await boot({ metrics: { maintenanceIntervalMs: 60 * MINUTE } }); // fewer wakeups over a month
    await system.alarms.setState('canary-errors', { value: 'ALARM', reason: 'drill' });
    await system.alarms.delete(['canary-errors']);
    const count = async () => (await system.alarms.history({ ascending: true, limit: 100 })).length;
    expect(await count()).toBe(3);
    await clock.advance(29 * 24 * 60 * MINUTE);
    expect(await count()).toBe(3);
    await clock.advance(2 * 24 * 60 * MINUTE);
    expect(await count()).toBe(0);
  });

  it('alarms, their state and metric data survive a restart', async () => {
    invoke(true);
    await settled();
    expect(system.alarms.stateOf('canary-errors')?.value).toBe('ALARM');
    await shutdown();
    await boot();
    expect(system.alarms.stateOf('canary-errors')?.value).toBe('ALARM');
    const [bucket] = await system.service.statistics({
      metric: errors,
      start: START / 1000,
      end: START / 1000 + 60,
      period: 60,
      withPercentiles: false,
    });
    expect(bucket?.dist.sum).toBe(1);
    // Evaluation carries on after the restart: the failing minute closes, the next one is clean.
    await clock.advance(45 * SECOND + MINUTE);
    await system.idle();
    expect(system.alarms.stateOf('canary-errors')?.value).toBe('OK');
  });
});
