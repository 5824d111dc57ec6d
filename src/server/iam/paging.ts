import { ValidationError } from './errors.js';

/** One page of an IAM list: `IsTruncated` and the `Marker` to pass for the next page. */
export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  marker: string | undefined;
}

/** IAM's paging: `MaxItems` (1-1000, default 100) and an opaque `Marker` from the previous page. */
export function pageOf<T>(
  all: readonly T[],
  marker: string | undefined,
  maxItems: number | undefined,
): Page<T> {
  const size = maxItems ?? 100;
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new ValidationError(
      `1 validation error detected: Value '${size}' at 'maxItems' failed to satisfy constraint: Member must have value ${size < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`,
    );
  }
  const start = marker === undefined ? 0 : Number(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new ValidationError('Invalid Marker.');
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length
    ? { items, isTruncated: true, marker: Buffer.from(String(next)).toString('base64url') }
    : { items, isTruncated: false, marker: undefined };
}
