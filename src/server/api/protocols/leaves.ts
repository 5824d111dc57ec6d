import { z } from 'zod';
import { awsInt } from '../validation.js';

/**
 * How scalar members look in each protocol: JSON 1.0 carries numbers, booleans and epoch-second
 * timestamps natively; awsQuery carries every value as a form string (ISO-8601 timestamps) and
 * lists as `X.member.N`. Each operation's input schema is written once against this interface and
 * built for both protocols.
 */
export interface Leaves {
  int(options?: { min?: number; max?: number }): z.ZodType<number>;
  double(): z.ZodType<number>;
  bool(): z.ZodType<boolean>;
  /** A timestamp, as ms since the epoch. */
  timestamp(): z.ZodType<number>;
  list<T extends z.ZodType>(item: T, options?: { min?: number; max?: number }): z.ZodType<z.output<T>[]>;
}

function sized<T extends z.ZodType>(item: T, options: { min?: number; max?: number }) {
  let list = z.array(item);
  if (options.min !== undefined)
    list = list.min(options.min, `Member must have length greater than or equal to ${options.min}`);
  if (options.max !== undefined)
    list = list.max(options.max, `Member must have length less than or equal to ${options.max}`);
  return list;
}

const finite = z.number().refine(Number.isFinite, 'Member must be a finite number');

export const jsonLeaves: Leaves = {
  int: (options = {}) => awsInt(options),
  double: () => finite,
  bool: () => z.boolean(),
  // Epoch seconds (fractions allowed); ISO-8601 strings are accepted too.
  timestamp: () =>
    z.union([z.number(), z.string()]).transform((v, ctx) => {
      const ms = typeof v === 'number' ? v * 1000 : Date.parse(v);
      if (!Number.isFinite(ms)) {
        ctx.addIssue({ code: 'custom', message: 'Member must be a timestamp' });
        return z.NEVER;
      }
      return ms;
    }),
  list: (item, options = {}) => sized(item, options),
};

const numberText = (message: string) =>
  z.string().transform((v, ctx) => {
    const n = v.trim() === '' ? NaN : Number(v);
    if (Number.isNaN(n)) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return n;
  });

export const queryLeaves: Leaves = {
  int: (options = {}) => numberText('Member must be an integer').pipe(awsInt(options)),
  double: () => numberText('Member must be a number').pipe(finite),
  bool: () =>
    z.string().transform((v, ctx) => {
      if (v === 'true' || v === 'false') return v === 'true';
      ctx.addIssue({ code: 'custom', message: 'Member must be a boolean' });
      return z.NEVER;
    }),
  // ISO-8601, or epoch seconds as digits.
  timestamp: () =>
    z.string().transform((v, ctx) => {
      const ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
      if (!Number.isFinite(ms)) {
        ctx.addIssue({ code: 'custom', message: 'Member must be a timestamp' });
        return z.NEVER;
      }
      return ms;
    }),
  // `X=` with no members is how query clients send an empty list.
  list: (item, options = {}) => z.preprocess((v) => (v === '' ? [] : v), sized(item, options)),
};
