import type { DiskSpace } from '../capacity/disk-space.js';
import { SpaceLevel } from '../capacity/space-rules.js';
import type { AsyncQueue } from '../invoke/async-queue.js';
import type { FileLogStore } from '../invoke/log-store.js';
import type { PrometheusExporter } from '../metrics/prometheus.js';

/**
 * `/metrics` figures of the server under pressure: the data dir's free space and what was refused
 * for want of it, the function logs (kept, dropped, damaged, expired), and the Event queue.
 */
export function exportPressure(
  prometheus: Pick<PrometheusExporter, 'addMetric'>,
  sources: { space: DiskSpace; logs: FileLogStore; queue: AsyncQueue },
): void {
  const { space, logs, queue } = sources;
  prometheus.addMetric({
    name: 'gradual_data_dir_free_bytes',
    help: 'Free space on the data dir disk.',
    type: 'gauge',
    read: () => space.status().freeBytes,
  });
  prometheus.addMetric({
    name: 'gradual_data_dir_size_bytes',
    help: 'Size of the disk holding the data dir.',
    type: 'gauge',
    read: () => space.status().totalBytes,
  });
  prometheus.addMetric({
    name: 'gradual_data_dir_reserve_bytes',
    help: 'Free space kept for deletes, alias changes and rollbacks (--space-reserve).',
    type: 'gauge',
    read: () => space.options.reserveBytes,
  });
  prometheus.addMetric({
    name: 'gradual_data_dir_space_level',
    help: 'The data dir space level: 1 for the current one (ok, low: warning, full: refusing new data).',
    type: 'gauge',
    read: () => {
      const level = space.status().level;
      return Object.values(SpaceLevel).map((l) => ({ labels: { level: l }, value: l === level ? 1 : 0 }));
    },
  });
  prometheus.addMetric({
    name: 'gradual_writes_refused_total',
    help: 'Writes refused (or logs dropped) because the data dir was nearly full, by what they would have stored.',
    type: 'counter',
    read: () => Object.entries(space.status().refused).map(([what, value]) => ({ labels: { what }, value })),
  });
  prometheus.addMetric({
    name: 'gradual_function_log_records_total',
    help: 'Invocation log records written, and dropped (a full data dir or a failed write).',
    type: 'counter',
    read: () => [
      { labels: { outcome: 'written' }, value: logs.counters.written },
      { labels: { outcome: 'dropped' }, value: logs.counters.dropped },
    ],
  });
  prometheus.addMetric({
    name: 'gradual_function_log_damaged_records',
    help: 'Damaged log records: torn tails cut at start-up, and lines skipped by the last reads.',
    type: 'gauge',
    read: () => logs.damaged,
  });
  prometheus.addMetric({
    name: 'gradual_function_log_stored_bytes',
    help: 'Bytes of function logs on disk.',
    type: 'gauge',
    read: () => logs.storedBytes,
  });
  prometheus.addMetric({
    name: 'gradual_function_log_deleted_bytes_total',
    help: 'Bytes of function logs deleted by retention and by the size cap per log group.',
    type: 'counter',
    read: () => [
      { labels: { reason: 'retention' }, value: logs.counters.expiredBytes },
      { labels: { reason: 'cap' }, value: logs.counters.cappedBytes },
    ],
  });
  prometheus.addMetric({
    name: 'gradual_async_events_total',
    help: 'Event invocations: received, succeeded, dropped, delivered to a destination, interrupted, run without a kept log.',
    type: 'counter',
    read: () =>
      Object.entries({ ...queue.counters } as Record<string, number>).map(([outcome, value]) => ({
        labels: { outcome },
        value,
      })),
  });
  prometheus.addMetric({
    name: 'gradual_async_events_queued',
    help: 'Event invocations waiting or running.',
    type: 'gauge',
    read: () => queue.size,
  });
}
