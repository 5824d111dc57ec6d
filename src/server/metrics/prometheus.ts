import { Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import { STATE_VALUES } from './alarms/alarm-model.js';
import type { AlarmService } from './alarms/alarm-service.js';
import { processMetrics } from './process-metrics.js';
import { DURATION_BUCKETS_MS, type FunctionTotals } from './recorder.js';

export interface PrometheusSources {
  /** Running per-function totals kept by the recorder. */
  functionTotals(): Iterable<FunctionTotals>;
  alarms: Pick<AlarmService, 'all'>;
}

type FunctionLabel = 'function_name' | 'qualifier' | 'executed_version';
const FUNCTION_LABELS: FunctionLabel[] = ['function_name', 'qualifier', 'executed_version'];

function labelsOf(t: FunctionTotals): Record<FunctionLabel, string> {
  return { function_name: t.functionName, qualifier: t.qualifier, executed_version: t.executedVersion };
}

/**
 * `/metrics` in the Prometheus text format, from a registry of its own (never prom-client's global
 * one): per function / qualifier / executed version invocation counts and durations, alarm
 * states, API request counts and the process's own metrics. Function figures are read from the
 * recorder's running totals at scrape time, so the invoke path pays nothing for them.
 */
export class PrometheusExporter {
  readonly registry = new Registry();
  private readonly requests: Counter<'service' | 'status'>;
  private readonly requestSeconds: Histogram<'service'>;

  constructor(sources: PrometheusSources) {
    const registers = [this.registry];

    const counter = (name: string, help: string, pick: (t: FunctionTotals) => number): void => {
      new Counter({
        name,
        help,
        labelNames: FUNCTION_LABELS,
        registers,
        collect() {
          this.reset();
          for (const t of sources.functionTotals()) this.inc(labelsOf(t), pick(t));
        },
      });
    };
    counter(
      'gradual_lambda_invocations_total',
      'Invocations that ran (throttles excluded).',
      (t) => t.invocations,
    );
    counter('gradual_lambda_errors_total', 'Invocations that ended in a function error.', (t) => t.errors);
    counter(
      'gradual_lambda_throttles_total',
      'Invocations refused for lack of concurrency.',
      (t) => t.throttles,
    );
    counter(
      'gradual_lambda_cold_starts_total',
      'Invocations that started a new environment.',
      (t) => t.coldStarts,
    );
    this.registry.registerMetric(durationHistogram(sources) as unknown as Metric);

    new Gauge({
      name: 'gradual_alarm_state',
      help: 'Metric alarm states: 1 for the current state of each alarm, 0 for the others.',
      labelNames: ['alarm_name', 'state'],
      registers,
      collect() {
        this.reset();
        for (const alarm of sources.alarms.all()) {
          for (const state of STATE_VALUES) {
            this.set({ alarm_name: alarm.config.name, state }, alarm.state.value === state ? 1 : 0);
          }
        }
      },
    });

    this.requests = new Counter({
      name: 'gradual_http_requests_total',
      help: 'API requests answered, by service and HTTP status.',
      labelNames: ['service', 'status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'gradual_http_request_duration_seconds',
      help: 'Time to answer API requests, by service.',
      labelNames: ['service'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
      registers,
    });
  }

  /** Adds a figure read at scrape time (the data dir's space, the log store, the event queue). */
  addMetric(metric: ScrapedMetric): void {
    this.registry.registerMetric(scraped(metric) as unknown as Metric);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** This server's metrics, then the process's own (no metric name is in both). */
  async render(): Promise<string> {
    return (await this.registry.metrics()) + (await processMetrics().metrics());
  }

  observeRequest(service: string, status: number, seconds: number): void {
    this.requests.inc({ service, status: String(status) });
    this.requestSeconds.observe({ service }, seconds);
  }
}

/** A gauge or counter whose samples are read when `/metrics` is scraped. */
export interface ScrapedMetric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  read(): number | readonly { labels: Record<string, string>; value: number }[];
}

function scraped(metric: ScrapedMetric) {
  const { name, help, type } = metric;
  return {
    name,
    help,
    type,
    aggregator: 'sum',
    get: () => {
      const read = metric.read();
      const values = typeof read === 'number' ? [{ labels: {}, value: read }] : read;
      return Promise.resolve({ name, help, type, aggregator: 'sum', values: [...values] });
    },
  };
}

/**
 * A histogram assembled at scrape time from the recorder's bucket counts. prom-client's Histogram
 * can only be fed one observation at a time, so this collector implements the registry's metric
 * contract (`name`, `help`, `type`, `get()`) directly.
 */
function durationHistogram(sources: PrometheusSources) {
  const name = 'gradual_lambda_duration_seconds';
  const help = 'Handler run time of invocations that ran.';
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: () => {
      const values: { metricName: string; labels: Record<string, string>; value: number }[] = [];
      for (const t of sources.functionTotals()) {
        const labels = labelsOf(t);
        let cumulative = 0;
        t.durationBuckets.forEach((count, i) => {
          cumulative += count;
          const bound = DURATION_BUCKETS_MS[i];
          const le = bound === undefined ? '+Inf' : String(bound / 1000);
          values.push({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative });
        });
        values.push({ metricName: `${name}_sum`, labels, value: t.durationSumMs / 1000 });
        values.push({ metricName: `${name}_count`, labels, value: t.durationCount });
      }
      return Promise.resolve({ name, help, type: 'histogram', values, aggregator: 'sum' });
    },
  };
}
