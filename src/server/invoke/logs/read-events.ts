import type { LogEvent } from './log-types.js';
import type { LogRecord } from './records.js';

export interface EventFilter {
  streams?: readonly string[];
  /** Inclusive bounds on the record's timestamp (ms since the epoch). */
  start?: number;
  end?: number;
}

/**
 * CloudWatch Logs' events from a group's records, in time order: one event per line of a record,
 * each with an id that stays the same from read to read (its time, segment and position).
 */
export function eventsOf(
  segments: readonly { segment: string; records: readonly LogRecord[] }[],
  filter: EventFilter,
): LogEvent[] {
  const events: LogEvent[] = [];
  for (const { segment, records } of segments) {
    records.forEach(({ t, s, m }, n) => {
      if (filter.start !== undefined && t < filter.start) return;
      if (filter.end !== undefined && t > filter.end) return;
      if (filter.streams && !filter.streams.includes(s)) return;
      m.split('\n').forEach((message, line) => {
        events.push({ id: `${t}-${segment}-${n}-${line}`, stream: s, timestamp: t, message });
      });
    });
  }
  return events.sort((a, b) => a.timestamp - b.timestamp);
}
