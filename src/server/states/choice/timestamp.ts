/**
 * Timestamps "must conform to RFC3339 profile ISO 8601, with further restrictions: an uppercase T
 * must separate the date and time portions, and an uppercase Z must denote that a numeric time
 * zone offset is not present" (Choice state, Wait state).
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or undefined when `text` is not such a timestamp. */
export function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 60) {
    return undefined;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** ISO 8601 with milliseconds in UTC, as the context object and history write times. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
