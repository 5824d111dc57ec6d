import type { InvocationObserver, InvocationRecord } from '../invoke/invocation-record.js';
import type { SeriesBuffer } from './aggregator.js';
import { LAMBDA_NAMESPACE, LambdaMetric, lambdaDimensionSets } from './lambda-dimensions.js';
import type { Dimension } from './metric-key.js';
import { seriesKey } from './metric-key.js';

/** Where the recorder puts values: the in-memory one-second aggregation. */
export interface BufferSource {
  buffer(key: string, unit: string): SeriesBuffer;
}

/** Upper bounds (ms) of the cumulative duration histogram exported to Prometheus. */
export const DURATION_BUCKETS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 900000,
];

/** Running totals since start for one (function, qualifier, executed version), for Prometheus. */
export interface FunctionTotals {
  functionName: string;
  /** How callers addressed it: `''` unqualified, else the version or alias. */
  qualifier: string;
  executedVersion: string;
  invocations: number;
  errors: number;
  throttles: number;
  coldStarts: number;
  durationCount: number;
  durationSumMs: number;
  /** Count per bucket of DURATION_BUCKETS_MS (not cumulative), plus one for +Inf. */
  durationBuckets: number[];
}

/** The series one (function, qualifier, executed version) writes to, resolved once. */
interface Target {
  invocations: SeriesBuffer[];
  errors: SeriesBuffer[];
  throttles: SeriesBuffer[];
  duration: SeriesBuffer[];
  asyncReceived: SeriesBuffer[];
  concurrency: SeriesBuffer;
  totals: FunctionTotals;
}

/**
 * Turns each invocation into Lambda's CloudWatch metrics (Lambda Developer Guide, Lambda function metrics): Invocations, Errors (0 or 1
 * per invocation, so Average is the error rate), Throttles, Duration, ConcurrentExecutions and
 * AsyncEventsReceived, under every dimension set. Runs on the invoke path, so it only adds to
 * in-memory buckets; the flusher writes them out in batches.
 */
export class MetricsRecorder implements InvocationObserver {
  private readonly targets = new Map<string, Target>();
  /** Per second, each function's peak concurrency: the account-wide figure is their sum. */
  private readonly peaks = new Map<number, Map<string, number>>();
  private readonly accountConcurrency: SeriesBuffer;

  constructor(private readonly sink: BufferSource) {
    this.accountConcurrency = this.buffers([[]], LambdaMetric.ConcurrentExecutions, 'Count')[0]!;
  }

  record(r: InvocationRecord): void {
    const target = this.target(r.functionName, r.qualifier, r.executedVersion);
    const second = Math.floor(r.startedAt / 1000);
    const totals = target.totals;
    if (r.outcome === 'throttled') {
      for (const b of target.throttles) b.add(second, 1);
      totals.throttles++;
    } else {
      const failed = r.outcome === 'error' ? 1 : 0;
      for (const b of target.invocations) b.add(second, 1);
      for (const b of target.errors) b.add(second, failed);
      for (const b of target.duration) b.add(second, r.durationMs);
      if (r.invocationType === 'Event') for (const b of target.asyncReceived) b.add(second, 1);
      totals.invocations++;
      totals.errors += failed;
      totals.durationCount++;
      totals.durationSumMs += r.durationMs;
      let i = 0;
      while (i < DURATION_BUCKETS_MS.length && r.durationMs > DURATION_BUCKETS_MS[i]!) i++;
      totals.durationBuckets[i]!++;
      if (r.coldStart) totals.coldStarts++;
    }
    target.concurrency.add(second, r.concurrentExecutions);
    let peaks = this.peaks.get(second);
    if (!peaks) this.peaks.set(second, (peaks = new Map<string, number>()));
    if ((peaks.get(r.functionName) ?? 0) < r.concurrentExecutions)
      peaks.set(r.functionName, r.concurrentExecutions);
  }

  /**
   * Publishes account-wide ConcurrentExecutions for the seconds before `completedBefore`. Called
   * by the flusher: only complete seconds are summed, so each gets one datapoint.
   */
  publishAccountConcurrency(completedBefore: number): void {
    for (const [second, peaks] of this.peaks) {
      if (second >= completedBefore) continue;
      let total = 0;
      for (const peak of peaks.values()) total += peak;
      this.accountConcurrency.add(second, total);
      this.peaks.delete(second);
    }
  }

  totals(): Iterable<FunctionTotals> {
    return [...this.targets.values()].map((t) => t.totals);
  }

  private target(functionName: string, qualifier: string | undefined, executedVersion: string): Target {
    const id = `${functionName}\u0000${qualifier ?? ''}\u0000${executedVersion}`;
    let target = this.targets.get(id);
    if (!target) {
      target = this.resolve(functionName, qualifier, executedVersion);
      this.targets.set(id, target);
    }
    return target;
  }

  private resolve(functionName: string, qualifier: string | undefined, executedVersion: string): Target {
    const sets = lambdaDimensionSets(functionName, qualifier, executedVersion);
    const all = [
      sets.account,
      sets.fn,
      sets.resource,
      ...(sets.executedVersion ? [sets.executedVersion] : []),
    ];
    const noVersion = [sets.account, sets.fn, sets.resource];
    return {
      invocations: this.buffers(all, LambdaMetric.Invocations, 'Count'),
      errors: this.buffers(all, LambdaMetric.Errors, 'Count'),
      throttles: this.buffers(all, LambdaMetric.Throttles, 'Count'),
      duration: this.buffers(all, LambdaMetric.Duration, 'Milliseconds'),
      asyncReceived: this.buffers(noVersion, LambdaMetric.AsyncEventsReceived, 'Count'),
      concurrency: this.buffers([sets.fn], LambdaMetric.ConcurrentExecutions, 'Count')[0]!,
      totals: {
        functionName,
        qualifier: qualifier ?? '',
        executedVersion,
        invocations: 0,
        errors: 0,
        throttles: 0,
        coldStarts: 0,
        durationCount: 0,
        durationSumMs: 0,
        durationBuckets: new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0),
      },
    };
  }

  private buffers(sets: Dimension[][], metricName: string, unit: string): SeriesBuffer[] {
    return sets.map((dimensions) =>
      this.sink.buffer(seriesKey({ namespace: LAMBDA_NAMESPACE, metricName, dimensions }), unit),
    );
  }
}
