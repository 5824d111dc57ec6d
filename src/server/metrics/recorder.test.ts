import { describe, expect, it } from 'vitest';
import type { InvocationRecord } from '../invoke/invocation-record.js';
import { Aggregator } from './aggregator.js';
import { parseSeriesKey } from './metric-key.js';
import { MetricsRecorder } from './recorder.js';

const T = Date.UTC(2026, 0, 1, 12, 0, 0);

function invocation(overrides: Partial<InvocationRecord> = {}): InvocationRecord {
  return {
    functionName: 'fn',
    qualifier: undefined,
    executedVersion: '$LATEST',
    startedAt: T + 250,
    durationMs: 12,
    outcome: 'success',
    invocationType: 'RequestResponse',
    concurrentExecutions: 1,
    coldStart: false,
    ...overrides,
  };
}

/** metric name -> sorted dimension sets (as `Name=Value,...`) -> [count, sum]. */
function recorded(agg: Aggregator): Record<string, Record<string, [number, number]>> {
  const out: Record<string, Record<string, [number, number]>> = {};
  for (const b of agg.drain()) {
    const id = parseSeriesKey(b.key);
    expect(id.namespace).toBe('AWS/Lambda');
    const dims = id.dimensions.map((d) => `${d.name}=${d.value}`).join(',') || '(none)';
    const byDims = (out[id.metricName] ??= {});
    const [count, sum] = byDims[dims] ?? [0, 0];
    byDims[dims] = [count + b.dist.count, sum + b.dist.sum];
  }
  return out;
}

describe('MetricsRecorder', () => {
  it('an alias invocation lands under all four dimension sets', () => {
    const agg = new Aggregator();
    const r = new MetricsRecorder(agg);
    r.record(invocation({ qualifier: 'live', executedVersion: '2', outcome: 'error', durationMs: 30 }));
    r.record(invocation({ qualifier: 'live', executedVersion: '1' }));
    const m = recorded(agg);
    expect(m['Invocations']).toEqual({
      '(none)': [2, 2],
      'FunctionName=fn': [2, 2],
      'FunctionName=fn,Resource=fn:live': [2, 2],
      'ExecutedVersion=2,FunctionName=fn,Resource=fn:live': [1, 1],
      'ExecutedVersion=1,FunctionName=fn,Resource=fn:live': [1, 1],
    });
    // Errors is 0 or 1 per invocation: Sum counts errors, Average is the error rate.
    expect(m['Errors']?.['FunctionName=fn,Resource=fn:live']).toEqual([2, 1]);
    expect(m['Errors']?.['ExecutedVersion=2,FunctionName=fn,Resource=fn:live']).toEqual([1, 1]);
    expect(m['Duration']?.['ExecutedVersion=2,FunctionName=fn,Resource=fn:live']).toEqual([1, 30]);
    expect(m['Throttles']).toBeUndefined();
  });

  it('unqualified, version and $LATEST invocations have Resource but no ExecutedVersion', () => {
    const agg = new Aggregator();
    const r = new MetricsRecorder(agg);
    r.record(invocation());
    r.record(invocation({ qualifier: '3', executedVersion: '3' }));
    r.record(invocation({ qualifier: '$LATEST' }));
    expect(Object.keys(recorded(agg)['Invocations']!).sort()).toEqual([
      '(none)',
      'FunctionName=fn',
      'FunctionName=fn,Resource=fn',
      'FunctionName=fn,Resource=fn:$LATEST',
      'FunctionName=fn,Resource=fn:3',
    ]);
  });

  it('throttles count as Throttles only', () => {
    const agg = new Aggregator();
    const r = new MetricsRecorder(agg);
    r.record(invocation({ outcome: 'throttled', durationMs: 0, qualifier: 'live', executedVersion: '2' }));
    const m = recorded(agg);
    expect(m['Throttles']?.['ExecutedVersion=2,FunctionName=fn,Resource=fn:live']).toEqual([1, 1]);
    expect(m['Invocations']).toBeUndefined();
    expect(m['Duration']).toBeUndefined();
  });

  it('async invocations count AsyncEventsReceived', () => {
    const agg = new Aggregator();
    new MetricsRecorder(agg).record(invocation({ invocationType: 'Event' }));
    expect(recorded(agg)['AsyncEventsReceived']?.['FunctionName=fn']).toEqual([1, 1]);
  });

  it('ConcurrentExecutions: per function its peak; account-wide the sum of the peaks, per complete second', () => {
    const agg = new Aggregator();
    const r = new MetricsRecorder(agg);
    r.record(invocation({ functionName: 'a', concurrentExecutions: 3 }));
    r.record(invocation({ functionName: 'a', concurrentExecutions: 5 }));
    r.record(invocation({ functionName: 'b', concurrentExecutions: 2 }));
    r.record(invocation({ functionName: 'b', startedAt: T + 1500, concurrentExecutions: 9 }));
    r.publishAccountConcurrency(T / 1000 + 1); // the second at T is complete, T+1 is not
    const ce = recorded(agg)['ConcurrentExecutions']!;
    expect(ce['FunctionName=a']).toEqual([2, 8]);
    expect(ce['(none)']).toEqual([1, 7]);
    r.publishAccountConcurrency(T / 1000 + 2);
    expect(recorded(agg)['ConcurrentExecutions']!['(none)']).toEqual([1, 9]);
  });

  it('keeps running totals for Prometheus', () => {
    const r = new MetricsRecorder(new Aggregator());
    r.record(invocation({ qualifier: 'live', executedVersion: '2', durationMs: 7, coldStart: true }));
    r.record(invocation({ qualifier: 'live', executedVersion: '2', durationMs: 70, outcome: 'error' }));
    r.record(invocation({ qualifier: 'live', executedVersion: '2', outcome: 'throttled' }));
    const [t] = [...r.totals()];
    expect(t).toMatchObject({
      functionName: 'fn',
      qualifier: 'live',
      executedVersion: '2',
      invocations: 2,
      errors: 1,
      throttles: 1,
      coldStarts: 1,
      durationCount: 2,
      durationSumMs: 77,
    });
    expect(t!.durationBuckets.slice(0, 5)).toEqual([0, 1, 0, 0, 1]); // 7 ms <= 10, 70 ms <= 100
  });
});
