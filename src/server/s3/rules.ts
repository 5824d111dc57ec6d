import { InvalidArgument, InvalidBucketName, InvalidRange } from './errors.js';
import type { ObjectRecord } from './model.js';

/** S3's general purpose bucket naming rules (Amazon S3 User Guide, "Bucket naming rules"). */
export function checkBucketName(name: string): void {
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.startsWith('sthree-') &&
    !name.endsWith('-s3alias') &&
    !name.endsWith('--ol-s3');
  if (!ok) throw new InvalidBucketName('The specified bucket is not valid.', { BucketName: name });
}

export type ByteRange = { start: number; end: number };

/**
 * A `Range: bytes=a-b` header against an object of `size` bytes (RFC 9110): undefined means the
 * whole object (no header, or one S3 ignores); a range starting past the end is InvalidRange.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const [first, last] = [m[1]!, m[2]!];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw unsatisfiable(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) throw unsatisfiable(size);
  if (end < start) return undefined;
  return { start, end };
}

function unsatisfiable(size: number): InvalidRange {
  return new InvalidRange('The requested range is not satisfiable', { ActualObjectSize: size });
}

export interface ListRequest {
  prefix: string;
  delimiter: string;
  /** Keys (or common prefixes) at or before this are skipped. */
  after: string;
  maxKeys: number;
}

export interface ListPage {
  contents: ObjectRecord[];
  commonPrefixes: string[];
  truncated: boolean;
  /** Where the next page continues: after the last key, or past the last common prefix. */
  next: string | undefined;
}

/** Greater than any key that starts with `prefix` (U+10FFFF sorts last in UTF-8 binary order). */
const pastPrefix = (prefix: string): string => `${prefix}\u{10FFFF}`;

/**
 * One page of a listing: keys under the prefix in order, those with the delimiter after the
 * prefix rolled up into common prefixes, each counting once towards MaxKeys (as S3 counts them).
 * `fetch(after, limit)` reads keys in order after `after`.
 */
export function listPage(
  request: ListRequest,
  fetch: (after: string, limit: number) => ObjectRecord[],
): ListPage {
  const page: ListPage = { contents: [], commonPrefixes: [], truncated: false, next: undefined };
  if (request.maxKeys === 0) return page;
  let cursor = request.after;
  for (;;) {
    const batch = fetch(cursor, 1000);
    if (batch.length === 0) return page;
    for (const object of batch) {
      if (object.key <= cursor) continue;
      const rest = object.key.slice(request.prefix.length);
      const cut = request.delimiter ? rest.indexOf(request.delimiter) : -1;
      const entry = cut >= 0 ? request.prefix + rest.slice(0, cut + request.delimiter.length) : undefined;
      if (page.contents.length + page.commonPrefixes.length === request.maxKeys) {
        page.truncated = true;
        return page;
      }
      if (entry !== undefined) {
        page.commonPrefixes.push(entry);
        cursor = pastPrefix(entry);
        page.next = cursor;
        break; // read again past everything under this common prefix
      }
      page.contents.push(object);
      cursor = object.key;
      page.next = cursor;
    }
  }
}

/** `max-keys`: 1000 when absent; S3 caps it at 1000 and refuses what is not a number. */
export function maxKeysOf(value: string | null): number {
  if (value === null) return 1000;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgument('Provided max-keys not an integer or within integer range', {
      ArgumentName: 'max-keys',
      ArgumentValue: value,
    });
  return Math.min(n, 1000);
}
