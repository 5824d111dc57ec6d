/**
 * Wildcards and policy variables, as "IAM JSON policy elements: Resource" and "Policy
 * variables" describe them. A pattern is read once into pieces: literal text (variables already
 * replaced by their values, so a value's own `*` stays a literal) and wildcards.
 */

/** The value of a request context key, or undefined when the request has none. */
export type VariableLookup = (key: string) => string | undefined;

type Piece = { literal: string } | { wildcard: '*' | '?' };

/** Where a pattern is used decides how far `*` reaches and whether case matters. */
export type PatternStyle = 'action' | 'string' | 'arn';

const VARIABLE = /^\s*([^\s,]+)\s*(?:,\s*'([^']*)'\s*)?$/;
const SPECIAL: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/**
 * Splits a pattern into pieces, replacing `${key}` and `${key, 'default'}` when `variables` is
 * given (documents of Version 2012-10-17). Undefined when a variable has no value and no
 * default: IAM then treats the element as not matching.
 */
function piecesOf(pattern: string, variables: VariableLookup | undefined): Piece[] | undefined {
  const pieces: Piece[] = [];
  let text = '';
  const flush = (): void => {
    if (text) pieces.push({ literal: text });
    text = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (variables && char === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        const inner = pattern.slice(i + 2, end);
        const special = SPECIAL[inner];
        const m = special === undefined ? VARIABLE.exec(inner) : null;
        if (special !== undefined || m) {
          const value = special ?? variables(m?.[1] ?? '') ?? m?.[2];
          if (value === undefined) return undefined;
          text += value;
          i = end;
          continue;
        }
      }
    }
    if (char === '*' || char === '?') {
      flush();
      pieces.push({ wildcard: char });
    } else {
      text += char;
    }
  }
  flush();
  return pieces;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A pattern as a regular expression. In ARNs a wildcard stays within its colon-separated
 * segment, except a `*` that ends a segment, which "can expand to match beyond the colon
 * boundaries" (so `function:f*` covers `function:f:live`, and `function:f` does not).
 */
export function compilePattern(
  pattern: string,
  style: PatternStyle,
  variables?: VariableLookup,
): RegExp | undefined {
  const pieces = piecesOf(pattern, variables);
  if (!pieces) return undefined;
  let source = '';
  pieces.forEach((piece, i) => {
    if ('literal' in piece) {
      source += escape(piece.literal);
      return;
    }
    if (style !== 'arn') {
      source += piece.wildcard === '*' ? '.*' : '.';
      return;
    }
    const next = pieces[i + 1];
    const endsSegment = next === undefined || ('literal' in next && next.literal.startsWith(':'));
    if (piece.wildcard === '?') source += '[^:]';
    else source += endsSegment ? '.*' : '[^:]*';
  });
  return new RegExp(`^${source}$`, style === 'action' ? 'is' : 's');
}

/** Compiled patterns without variables, most recent last; bounded, as policies are few but not fixed. */
const compiled = new Map<string, RegExp | undefined>();
const COMPILED_LIMIT = 4096;

function cachedPattern(pattern: string, style: PatternStyle): RegExp | undefined {
  const key = `${style}\u0000${pattern}`;
  if (compiled.has(key)) return compiled.get(key);
  const regex = compilePattern(pattern, style);
  if (compiled.size >= COMPILED_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, regex);
  return regex;
}

export function matchesPattern(
  pattern: string,
  value: string,
  style: PatternStyle,
  variables?: VariableLookup,
): boolean {
  // A pattern with a variable depends on the request; any other compiles once.
  const regex =
    variables && pattern.includes('${')
      ? compilePattern(pattern, style, variables)
      : cachedPattern(pattern, style);
  return regex?.test(value) ?? false;
}

/** A condition value with its variables replaced, for operators that take no wildcards. */
export function expandVariables(text: string, variables: VariableLookup | undefined): string | undefined {
  const pieces = piecesOf(text, variables);
  if (!pieces) return undefined;
  return pieces.map((p) => ('literal' in p ? p.literal : p.wildcard)).join('');
}
