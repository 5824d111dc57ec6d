/**
 * Log segments and what to keep of them, decided purely. A log group is a folder of segments,
 * each a file of JSON lines written in time order; a segment is sealed when it grows past its size
 * and a new one starts. Retention and the size cap delete whole sealed segments, oldest first.
 */

export interface Segment {
  name: string;
  size: number;
  /** Timestamp of its first record (new-style names carry it); undefined for older files. */
  start: number | undefined;
  /** Last modified, for older files whose names carry no time (ms since the epoch). */
  modified: number;
  /** Timestamp of its last record, when known (sealed since the server started). */
  end?: number;
}

const SEGMENT_NAME = /^(\d{15})-(\d+)\.jsonl$/;
/** Files of the first layout: `<version>.jsonl` and its rotation `<version>.jsonl.1`. */
const OLD_NAME = /\.jsonl(\.1)?$/;

export function segmentName(firstTimestamp: number, seq: number): string {
  return `${String(Math.max(0, Math.floor(firstTimestamp))).padStart(15, '0')}-${seq}.jsonl`;
}

export function isSegmentName(name: string): boolean {
  return SEGMENT_NAME.test(name) || OLD_NAME.test(name);
}

export function startOf(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Oldest first: files of the first layout, then segments by their first timestamp. */
export function ordered(segments: readonly Segment[]): Segment[] {
  return [...segments].sort((a, b) => {
    if (a.start === undefined || b.start === undefined) {
      if (a.start === b.start) return a.modified - b.modified || (a.name < b.name ? -1 : 1);
      return a.start === undefined ? -1 : 1;
    }
    return a.start - b.start || (a.name < b.name ? -1 : 1);
  });
}

/**
 * The time of a segment's last record, as far as the names tell: a sealed segment ends where the
 * next begins; the newest ends at `lastTimestamp` when known (else it is kept).
 */
function endOf(segments: readonly Segment[], i: number, lastTimestamp: number | undefined): number {
  const segment = segments[i]!;
  if (segment.end !== undefined) return segment.end;
  if (segment.start === undefined) return segment.modified;
  const next = segments[i + 1];
  if (next?.start !== undefined) return next.start;
  return lastTimestamp ?? Infinity;
}

export interface KeepPolicy {
  /** Records older than this (ms since the epoch, on the log's own clock) expire; undefined: never. */
  cutoff: number | undefined;
  /** The most a group keeps; the oldest segments go first. */
  capBytes: number;
  /** The segment being written, never deleted for size (it is sealed first). */
  active: string | undefined;
}

/** Names of the segments to delete, oldest first: expired ones, then as many as the cap needs. */
export function segmentsToDelete(
  segments: readonly Segment[],
  lastTimestamp: number | undefined,
  policy: KeepPolicy,
): string[] {
  const list = ordered(segments);
  const doomed = new Set<string>();
  if (policy.cutoff !== undefined) {
    list.forEach((segment, i) => {
      if (endOf(list, i, lastTimestamp) < policy.cutoff!) doomed.add(segment.name);
    });
  }
  let total = list.reduce((sum, s) => sum + (doomed.has(s.name) ? 0 : s.size), 0);
  for (const segment of list) {
    if (total <= policy.capBytes) break;
    if (doomed.has(segment.name) || segment.name === policy.active) continue;
    doomed.add(segment.name);
    total -= segment.size;
  }
  return list.filter((s) => doomed.has(s.name)).map((s) => s.name);
}

/** Segments that may hold records in [from, to]: the rest need not be read at all. */
export function segmentsFor(
  segments: readonly Segment[],
  from: number | undefined,
  to: number | undefined,
): Segment[] {
  const list = ordered(segments);
  return list.filter((segment, i) => {
    if (segment.start === undefined) return true;
    if (to !== undefined && segment.start > to) return false;
    if (from !== undefined && endOf(list, i, undefined) < from) return false;
    return true;
  });
}

/** CloudWatch Logs' retention settings, in days (PutRetentionPolicy's `retentionInDays`). */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
