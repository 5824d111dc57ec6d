import type { Json } from '../json.js';
import { parseTimestamp } from './timestamp.js';

/** The kind of operand an operator compares against, for definition checks and evaluation. */
export type OperandType = 'string' | 'number' | 'boolean' | 'timestamp';

interface Comparison {
  operand: OperandType;
  /** `variable` is the Variable's value; `operand` has already been checked for its type. */
  test(variable: Json, operand: Json): boolean;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function ordered(type: 'string' | 'number' | 'timestamp', accept: (order: number) => boolean): Comparison {
  return {
    operand: type,
    test(variable, operand) {
      if (type === 'number') {
        return typeof variable === 'number' && accept(Math.sign(variable - (operand as number)));
      }
      if (typeof variable !== 'string') return false;
      if (type === 'string') return accept(compareStrings(variable, operand as string));
      const [a, b] = [parseTimestamp(variable), parseTimestamp(operand as string)];
      return a !== undefined && b !== undefined && accept(Math.sign(a - b));
    },
  };
}

const family = (prefix: 'String' | 'Numeric' | 'Timestamp', type: 'string' | 'number' | 'timestamp') => ({
  [`${prefix}Equals`]: ordered(type, (o) => o === 0),
  [`${prefix}LessThan`]: ordered(type, (o) => o < 0),
  [`${prefix}GreaterThan`]: ordered(type, (o) => o > 0),
  [`${prefix}LessThanEquals`]: ordered(type, (o) => o <= 0),
  [`${prefix}GreaterThanEquals`]: ordered(type, (o) => o >= 0),
});

/** `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
export function stringMatches(value: string, pattern: string): boolean {
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) regex += escapeRegex(pattern[++i]!);
    else if (c === '*') regex += '[\\s\\S]*';
    else regex += escapeRegex(c);
  }
  return new RegExp(`^${regex}$`).test(value);
}

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The comparison operators that take a value, each also usable as `<Operator>Path`. */
export const COMPARISONS: Record<string, Comparison> = {
  ...family('String', 'string'),
  ...family('Numeric', 'number'),
  ...family('Timestamp', 'timestamp'),
  BooleanEquals: { operand: 'boolean', test: (v, o) => typeof v === 'boolean' && v === o },
  StringMatches: {
    operand: 'string',
    test: (v, o) => typeof v === 'string' && stringMatches(v, o as string),
  },
};

/** The type tests; each takes a boolean. IsPresent alone accepts a Variable that matches nothing. */
export const TYPE_TESTS: Record<string, (value: Json | undefined) => boolean> = {
  IsPresent: (v) => v !== undefined,
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => typeof v === 'string' && parseTimestamp(v) !== undefined,
};

/** `StringMatches` has no Path form. */
export const PATH_OPERATORS = new Set(
  Object.keys(COMPARISONS)
    .filter((op) => op !== 'StringMatches')
    .map((op) => `${op}Path`),
);

export function isOperator(key: string): boolean {
  return key in COMPARISONS || key in TYPE_TESTS || PATH_OPERATORS.has(key);
}
