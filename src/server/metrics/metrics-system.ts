import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { Leases } from '../cluster/leases.js';
import type { InvocationObserver } from '../invoke/invocation-record.js';
import type { AlarmStore } from './alarms/store.js';
import type { MetricStore } from './store.js';
import type { AlarmEvents } from './alarms/alarm-events.js';
import { AlarmService } from './alarms/alarm-service.js';
import { AlarmWatcher } from './alarms/alarm-watcher.js';
import { WebhookNotifier } from './alarms/webhooks.js';
import { MetricService, type MetricServiceOptions } from './metric-service.js';
import { PrometheusExporter } from './prometheus.js';
import { MetricsRecorder } from './recorder.js';

const HISTORY_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface MetricsSystemDeps {
  store: { metrics: MetricStore; alarms: AlarmStore };
  /** Platform time (scaled by --time-scale). */
  clock: Clock;
  /** Wall-clock time, for network timeouts. */
  wallClock: Clock;
  log: Log;
  account: { region: string; accountId: string };
  /** In a cluster: one node evaluates alarms and one maintains the metrics (rollups, retention). */
  leases?: Leases;
}

export interface MetricsSystemOptions {
  metrics?: Partial<MetricServiceOptions>;
  webhookTimeoutMs?: number;
}

/** Metrics, alarms and their exporters, wired together. */
export interface MetricsSystem {
  /** What the invoke path calls once per invocation, throttles included. */
  recorder: InvocationObserver;
  /** Alarm state changes, for the deployment engine. */
  events: AlarmEvents;
  service: MetricService;
  alarms: AlarmService;
  watcher: AlarmWatcher;
  webhooks: WebhookNotifier;
  prometheus: PrometheusExporter;
  /** Waits for pending evaluations and webhook calls (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Builds and starts the metrics system: loads alarms, starts flushing, watching and notifying. */
export async function startMetricsSystem(
  deps: MetricsSystemDeps,
  options: MetricsSystemOptions = {},
): Promise<MetricsSystem> {
  const leases = deps.leases;
  const service = new MetricService(
    { ...deps, ...(leases ? { maintainer: () => leases.acquire('metric-maintenance') } : {}) },
    options.metrics,
  );
  const recorder = new MetricsRecorder(service);
  service.beforeFlush((completedBefore) => recorder.publishAccountConcurrency(completedBefore));
  const alarms = new AlarmService(deps);
  await alarms.load();
  await service.start();
  const watcher = new AlarmWatcher({
    alarms,
    metrics: service,
    clock: deps.clock,
    wallClock: deps.wallClock,
    log: deps.log,
    ...(leases ? { leases } : {}),
  });
  const webhooks = new WebhookNotifier(
    { wallClock: deps.wallClock, log: deps.log, record: (item) => alarms.recordAction(item) },
    { timeoutMs: options.webhookTimeoutMs ?? 5_000, ...deps.account },
  );
  alarms.onStateChange(webhooks.onStateChange);
  watcher.start();
  // CloudWatch keeps alarm history for 30 days.
  service.onMaintenance(async (now) => {
    await deps.store.alarms.pruneHistory(now - HISTORY_RETENTION_MS);
  });
  const prometheus = new PrometheusExporter({ functionTotals: () => recorder.totals(), alarms });
  const idle = async (): Promise<void> => {
    await watcher.idle();
    await webhooks.idle();
  };
  return {
    recorder,
    events: alarms,
    service,
    alarms,
    watcher,
    webhooks,
    prometheus,
    idle,
    async close() {
      await watcher.close();
      await webhooks.idle();
      await service.close();
    },
  };
}
