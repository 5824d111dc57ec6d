import { InvalidArgumentError } from 'commander';

/** Option parsers shared by client commands. */

/** `90`, `90s`, `2m`, `1h`: a duration in seconds. */
export function durationSeconds(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('use seconds or a number with a unit: 90, 90s, 2m, 1h');
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'];
}

export function integerIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

export function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number, 0 or more');
  return n;
}

export const SHIFT_TYPES = ['linear', 'exponential'] as const;
export type ShiftType = (typeof SHIFT_TYPES)[number];
