/**
 * The syntax of Amazon States Language paths: JsonPath (Jayway's dialect) beginning with `$`, or
 * `$$` for the context object. A *reference path* may identify one node only: `.name`,
 * `['name']` and `[index]` steps, none of the operators `@ .. , : ? *` ("Reference paths").
 */
export type PathStep =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  /** Anything that can select several nodes: `*`, `..`, slices, unions, filters. */
  | { kind: 'multi'; text: string };

export interface ParsedPath {
  text: string;
  /** True for a `$$` path into the context object. */
  context: boolean;
  steps: PathStep[];
  /** Selects at most one node (no `multi` step); Jayway returns a value rather than a list. */
  definite: boolean;
}

export class PathSyntaxError extends Error {}

export function parsePath(text: string): ParsedPath {
  const context = text.startsWith('$$');
  if (!text.startsWith('$')) throw new PathSyntaxError(`a path must begin with '$'`);
  let i = context ? 2 : 1;
  const steps: PathStep[] = [];
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      if (text[i + 1] === '.') {
        const end = nextBoundary(text, i + 2, true);
        if (end === i + 2 && text[end] !== '[') throw new PathSyntaxError(`'..' must be followed by a name`);
        steps.push({ kind: 'multi', text: text.slice(i, end) });
        i = end;
        continue;
      }
      const end = nextBoundary(text, i + 1, false);
      const name = text.slice(i + 1, end);
      if (name === '') throw new PathSyntaxError(`empty name after '.' at ${i}`);
      if (/[@,:?()']/.test(name) && name !== '*')
        throw new PathSyntaxError(`unexpected character in '${name}'`);
      steps.push(name === '*' ? { kind: 'multi', text: '.*' } : { kind: 'name', name });
      i = end;
    } else if (c === '[') {
      const { step, end } = bracket(text, i);
      steps.push(step);
      i = end;
    } else {
      throw new PathSyntaxError(`unexpected '${c}' at ${i}`);
    }
  }
  return { text, context, steps, definite: steps.every((s) => s.kind !== 'multi') };
}

/** A reference path, or an error saying why the path is not one. */
export function parseReferencePath(text: string): ParsedPath {
  const parsed = parsePath(text);
  if (!parsed.definite) throw new PathSyntaxError('a reference path must identify a single node');
  return parsed;
}

function nextBoundary(text: string, from: number, afterDeepScan: boolean): number {
  let i = from;
  if (afterDeepScan && text[i] === '*') return i + 1;
  while (i < text.length && text[i] !== '.' && text[i] !== '[') i++;
  return i;
}

function bracket(text: string, start: number): { step: PathStep; end: number } {
  const inner = text[start + 1];
  if (inner === "'" || inner === '"') {
    const names: string[] = [];
    let i = start + 1;
    for (;;) {
      const quote = text[i];
      if (quote !== "'" && quote !== '"') throw new PathSyntaxError(`expected a quoted name at ${i}`);
      let name = '';
      i++;
      while (i < text.length && text[i] !== quote) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        name += text[i];
        i++;
      }
      if (i >= text.length) throw new PathSyntaxError('unterminated quoted name');
      names.push(name);
      i++;
      while (text[i] === ' ') i++;
      if (text[i] === ']') break;
      if (text[i] !== ',') throw new PathSyntaxError(`expected ']' at ${i}`);
      i++;
      while (text[i] === ' ') i++;
    }
    const end = i + 1;
    return names.length === 1
      ? { step: { kind: 'name', name: names[0]! }, end }
      : { step: { kind: 'multi', text: text.slice(start, end) }, end };
  }
  if (inner === '?') {
    const end = filterEnd(text, start);
    return { step: { kind: 'multi', text: text.slice(start, end) }, end };
  }
  const close = text.indexOf(']', start);
  if (close < 0) throw new PathSyntaxError('unterminated [');
  const body = text.slice(start + 1, close).trim();
  const end = close + 1;
  if (/^-?\d+$/.test(body)) return { step: { kind: 'index', index: Number(body) }, end };
  if (body === '*' || /^(-?\d+)?:(-?\d+)?(:-?\d+)?$/.test(body) || /^-?\d+(\s*,\s*-?\d+)+$/.test(body)) {
    return { step: { kind: 'multi', text: text.slice(start, end) }, end };
  }
  throw new PathSyntaxError(`unsupported subscript [${body}]`);
}

/** The end of `[?( ... )]`, skipping brackets and quoted text inside the filter. */
function filterEnd(text: string, start: number): number {
  if (text[start + 2] !== '(') throw new PathSyntaxError('a filter must be written [?(...)]');
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new PathSyntaxError('unterminated string in filter');
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) {
        if (text[i + 1] !== ']') throw new PathSyntaxError("a filter must end with ')]'");
        return i + 2;
      }
    }
  }
  throw new PathSyntaxError('unterminated filter');
}

/** Jayway's normalized form, as AWS quotes paths in error causes: `$['a']['b'][0]`. */
export function normalizedPath(path: ParsedPath): string {
  return (
    (path.context ? '$$' : '$') +
    path.steps
      .map((s) => (s.kind === 'name' ? `['${s.name}']` : s.kind === 'index' ? `[${s.index}]` : s.text))
      .join('')
  );
}
