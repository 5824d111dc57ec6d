/** JSON values as Step Functions passes them between states. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality, as States.ArrayContains and States.ArrayUnique compare values. */
export function jsonEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEquals(item, b[i]!));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key]!, b[key]!))
    );
  }
  return false;
}

/** Compact JSON text, as AWS writes inputs and outputs into history events. */
export function toJsonText(value: Json): string {
  return JSON.stringify(value);
}

/** The payload size quota that every state input and output must stay under (256 KiB). */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

export function jsonBytes(value: Json): number {
  return Buffer.byteLength(toJsonText(value), 'utf8');
}
