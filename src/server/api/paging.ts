import { ValidationException } from '../../common/errors.js';
import { InvalidParameterValueException } from '../functions/errors.js';
import { constraintMessage } from '../functions/names.js';

/** AWS returns at most this many items per page whatever MaxItems asks for. */
export const PAGE_CAP = 50;

/** Reads `MaxItems` (1-10000) and returns the page size to use. */
export function pageSize(maxItems: string | null, member = 'maxItems'): number {
  if (maxItems === null) return PAGE_CAP;
  const n = Number(maxItems);
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    const constraint =
      Number.isInteger(n) && n > 10000
        ? 'Member must have value less than or equal to 10000'
        : 'Member must have value greater than or equal to 1';
    throw new ValidationException(constraintMessage(maxItems, member, constraint));
  }
  return Math.min(n, PAGE_CAP);
}

/** Markers are opaque to clients: a position, encoded. */
export function encodeMarker(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeMarker<T>(marker: string, isPosition: (value: unknown) => value is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
    if (isPosition(value)) return value;
  } catch {
    // fall through
  }
  throw new InvalidParameterValueException(
    `Invalid Marker: '${marker}' was not returned by a previous call.`,
  );
}

/** One page of an in-memory list, positioned by the key of the last item returned. */
export function pageOf<T, K extends string | number>(
  items: readonly T[],
  keyOf: (item: T) => K,
  marker: string | null,
  size: number,
): { page: T[]; nextMarker: string | undefined } {
  let start = 0;
  if (marker !== null) {
    const after = decodeMarker(marker, (v): v is K => typeof v === 'string' || typeof v === 'number');
    const index = items.findIndex((item) => keyOf(item) === after);
    start = index < 0 ? items.findIndex((item) => keyOf(item) > after) : index + 1;
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + size);
  const last = page[page.length - 1];
  const more = start + size < items.length && last !== undefined;
  return { page, nextMarker: more ? encodeMarker(keyOf(last)) : undefined };
}
