import { open } from 'node:fs/promises';

/** One invocation's log as a segment holds it: a JSON line. */
export interface LogRecord {
  /** Timestamp (ms since the epoch). */
  t: number;
  /** Log stream. */
  s: string;
  /** The text, lines joined by `\n`. */
  m: string;
  /** The version that wrote it. */
  v?: string;
}

/** A record as a line of a segment: JSON never holds a raw newline, so the newline frames it. */
export function encodeRecord(record: LogRecord): string {
  return JSON.stringify(record) + '\n';
}

function isRecord(value: unknown): value is LogRecord {
  const r = value as LogRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.t === 'number' &&
    typeof r.s === 'string' &&
    typeof r.m === 'string'
  );
}

/**
 * The records of a segment's text, skipping (and counting) damaged lines: a line cut short by a
 * full disk, or two records run together, costs those records and never the ones after them. A
 * last line without its newline is a write still in flight: left out, not counted.
 */
export function decodeRecords(text: string): { records: LogRecord[]; damaged: number } {
  const records: LogRecord[] = [];
  let damaged = 0;
  let from = 0;
  while (from < text.length) {
    const end = text.indexOf('\n', from);
    if (end < 0) break;
    const line = text.slice(from, end);
    from = end + 1;
    if (!line) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value)) records.push(value);
      else damaged += 1;
    } catch {
      damaged += 1;
    }
  }
  return { records, damaged };
}

const CHUNK = 64 * 1024;

/**
 * Cuts a segment back to its last complete record when a write was torn (its last byte is not a
 * newline). Returns whether it did. Truncating frees space, so this works on a full disk.
 */
export async function repairTail(path: string): Promise<boolean> {
  const file = await open(path, 'r+');
  try {
    const { size } = await file.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await file.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return false;
    let keep = 0;
    const chunk = Buffer.alloc(CHUNK);
    for (let end = size; end > 0; end -= CHUNK) {
      const from = Math.max(0, end - CHUNK);
      await file.read(chunk, 0, end - from, from);
      const newline = chunk.subarray(0, end - from).lastIndexOf(0x0a);
      if (newline >= 0) {
        keep = from + newline + 1;
        break;
      }
    }
    await file.truncate(keep);
    await file.sync();
    return true;
  } finally {
    await file.close();
  }
}
