import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import { parseJudgeConfig } from '../deployments/judge/config.js';
import { MetricService, type MetricDatum } from '../metrics/metric-service.js';
import type { Store } from '../store/store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { metricTraffic } from './deploy-metrics-ports.js';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

let clock: VirtualClock;
let store: Store;
let service: MetricService;

beforeEach(async () => {
  clock = new VirtualClock(START);
  store = openSqliteStore(':memory:');
  service = new MetricService({ store, clock, log: silentLog });
  await service.start();
});
afterEach(async () => {
  await service.close();
  await store.close();
});

/** One invocation of `version` through hello:live, as the recorder writes it. */
function invocation(at: number, version: string, failed: boolean, ms: number): MetricDatum[] {
  const dimensions = [
    { name: 'FunctionName', value: 'hello' },
    { name: 'Resource', value: 'hello:live' },
    { name: 'ExecutedVersion', value: version },
  ];
  const datum = (metricName: string, value: number, unit: string): MetricDatum => ({
    metric: { namespace: 'AWS/Lambda', metricName, dimensions },
    timestamp: at,
    unit,
    value: { kind: 'value', value },
  });
  return [
    datum('Invocations', 1, 'Count'),
    datum('Errors', failed ? 1 : 0, 'Count'),
    datum('Duration', ms, 'Milliseconds'),
  ];
}

describe("the judge's view of the metrics", () => {
  it("reads each version's counts, Duration sketch and custom metrics over a window", async () => {
    for (let i = 0; i < 100; i++) {
      service.put(invocation(START + i * 100, '1', i % 50 === 0, 10 + (i % 10)));
      if (i % 4 === 0) service.put(invocation(START + i * 100, '2', i % 8 === 0, 30));
    }
    service.put([
      {
        metric: {
          namespace: 'Shop',
          metricName: 'CheckoutOk',
          dimensions: [{ name: 'Version', value: '2' }],
        },
        timestamp: START + 2_000,
        unit: 'None',
        value: { kind: 'values', values: [0, 1], counts: [3, 7] },
      },
    ]);
    await clock.advance(10_000);
    const port = metricTraffic(service, clock);
    const [check] = parseJudgeConfig({
      metrics: [
        {
          namespace: 'Shop',
          metricName: 'CheckoutOk',
          versionDimension: 'Version',
          statistic: 'Average',
          worse: 'decrease',
        },
      ],
    }).metrics;
    const current = await port.sample('hello', 'live', '1', START, clock.now(), [check!]);
    expect(current).toMatchObject({ invocations: 100, errors: 2 });
    expect(current.duration?.count).toBe(100);
    expect(current.duration?.percentile(0.5)).toBeCloseTo(14, 0);
    expect(current.metrics['Shop/CheckoutOk Average']?.count ?? 0).toBe(0);
    const target = await port.sample('hello', 'live', '2', START, clock.now(), [check!]);
    expect(target).toMatchObject({ invocations: 25, errors: 13 });
    expect(target.metrics['Shop/CheckoutOk Average']).toMatchObject({ count: 10, sum: 7 });
    // A window: the first five seconds only.
    expect(await port.counts('hello', 'live', '1', START, START + 5_000)).toEqual({
      invocations: 50,
      errors: 1,
    });
  });
});
