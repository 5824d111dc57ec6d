import { parsePath, PathSyntaxError, type ParsedPath } from '../paths/path-syntax.js';

/** An intrinsic function call, parsed: `States.Format('{} and {}', $.a, States.UUID())`. */
export interface Call {
  name: string;
  args: Arg[];
}

export type Arg =
  /** `raw` keeps the escapes (`\{`), which States.Format needs to tell literal braces from `{}`. */
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'path'; path: ParsedPath }
  | { kind: 'call'; call: Call };

export class IntrinsicSyntaxError extends Error {}

/** "You can nest up to 10 intrinsic functions within a field in your workflows." */
export const MAX_NESTING = 10;

export function looksLikeIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(text);
}

export function parseIntrinsic(text: string): Call {
  const parser = new Parser(text);
  const call = parser.call(1);
  parser.skipSpaces();
  if (!parser.atEnd()) throw new IntrinsicSyntaxError(`unexpected text after the call at ${parser.pos}`);
  return call;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  call(depth: number): Call {
    if (depth > MAX_NESTING)
      throw new IntrinsicSyntaxError(`more than ${MAX_NESTING} nested intrinsic functions`);
    const match = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!match) throw new IntrinsicSyntaxError(`expected an intrinsic function name at ${this.pos}`);
    const name = match[0];
    this.pos += name.length;
    this.skipSpaces();
    if (this.text[this.pos] !== '(') throw new IntrinsicSyntaxError(`expected '(' after ${name}`);
    this.pos++;
    const args: Arg[] = [];
    this.skipSpaces();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { name, args };
    }
    for (;;) {
      this.skipSpaces();
      args.push(this.arg(depth));
      this.skipSpaces();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ')') return { name, args };
      if (c !== ',') throw new IntrinsicSyntaxError(`expected ',' or ')' in ${name}`);
    }
  }

  private arg(depth: number): Arg {
    const rest = this.text.slice(this.pos);
    if (rest.startsWith("'")) return this.string();
    if (rest.startsWith('$')) return this.path();
    if (rest.startsWith('States.')) return { kind: 'call', call: this.call(depth + 1) };
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(rest);
    if (!literal) throw new IntrinsicSyntaxError(`unexpected argument at ${this.pos}`);
    this.pos += literal[0].length;
    const word = literal[0];
    if (word === 'null') return { kind: 'null' };
    if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
    return { kind: 'number', value: Number(word) };
  }

  private string(): Arg {
    const start = ++this.pos;
    let value = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new IntrinsicSyntaxError('unterminated string literal');
      if (c === "'") break;
      if (c === '\\') {
        const next = this.text[this.pos + 1];
        if (next !== "'" && next !== '{' && next !== '}' && next !== '\\') {
          throw new IntrinsicSyntaxError('an open escape backslash in a string literal');
        }
        value += next;
        this.pos += 2;
        continue;
      }
      value += c;
      this.pos++;
    }
    const raw = this.text.slice(start, this.pos);
    this.pos++;
    return { kind: 'string', value, raw };
  }

  /** A path runs to the next ',' or ')' outside brackets and quotes. */
  private path(): Arg {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos]!;
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if (c === ']' || c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    const text = this.text.slice(start, this.pos).trim();
    try {
      return { kind: 'path', path: parsePath(text) };
    } catch (error) {
      if (error instanceof PathSyntaxError)
        throw new IntrinsicSyntaxError(`invalid path ${text}: ${error.message}`);
      throw error;
    }
  }
}
