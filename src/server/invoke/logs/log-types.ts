/** The shapes of function logs: what the invoke path writes and CloudWatch Logs reads back. */

/** One invocation's log text, where it belongs. */
export interface LogEntry {
  /** The log group (`/aws/lambda/<function>` unless the function names another). */
  group: string;
  version: string;
  /** The environment's log stream. */
  stream: string;
  timestamp: number;
  text: string;
}

/** Where invocation logs go. */
export interface LogSink {
  /**
   * Queues the entry; resolves true once it is written (and on disk, when `durable`), false when
   * it was dropped (a full data dir, a failed write). Never rejects.
   */
  append(entry: LogEntry, durable?: boolean): Promise<boolean>;
}

/** One line of a log, as CloudWatch Logs returns it. */
export interface LogEvent {
  id: string;
  stream: string;
  timestamp: number;
  message: string;
}

/** A log group as DescribeLogGroups shows it. */
export interface LogGroupView {
  name: string;
  createdAt: number;
  retentionInDays: number | undefined;
  storedBytes: number;
}

export interface LogStoreOptions {
  /** The most one log group keeps (the oldest records go first): the default cap per function. */
  capBytes: number;
  /**
   * Platform milliseconds per millisecond of the log clock: `--time-scale` when logs are stamped in
   * wall time under a rehearsal, else 1. Retention is in platform time.
   */
  timeScale: number;
  /** How often retention is applied, in platform time. */
  sweepEveryMs: number;
}

export const DEFAULT_LOG_OPTIONS: LogStoreOptions = {
  capBytes: 64 * 1024 * 1024,
  timeScale: 1,
  sweepEveryMs: 3_600_000,
};

/** What the log store has done, for `/metrics`. */
export interface LogStoreCounters {
  written: number;
  /** Records not stored: the data dir was full, or a write failed. */
  dropped: number;
  /** Torn records cut off segments at start-up. */
  repaired: number;
  /** Bytes deleted by retention and by the size cap. */
  expiredBytes: number;
  cappedBytes: number;
}
