import { describe, expect, it } from 'vitest';
import { select, setAtPath, compiledPath } from './evaluate.js';
import { normalizedPath, parsePath, parseReferencePath } from './path-syntax.js';

// "Reference paths", Amazon States Language: the documented input and results.
const input = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true } };

describe('reference paths (AWS documentation examples)', () => {
  it.each([
    ['$.foo', 123],
    ['$.bar', ['a', 'b', 'c']],
    ['$.car.cdr', true],
    ["$['car']['cdr']", true],
    ['$.bar[1]', 'b'],
    ['$.bar[-1]', 'c'],
    ['$', input],
  ])('%s', (path, expected) => {
    expect(select(parseReferencePath(path), input)).toEqual({ found: true, value: expected });
  });

  it.each(['$.a[*]', '$..x', '$.a[0:2]', '$.a[?(@.x > 1)]', "$['a','b']", '$.*'])(
    '%s is not a reference path',
    (path) => {
      expect(() => parseReferencePath(path)).toThrow('a reference path must identify a single node');
    },
  );

  it('names may hold hyphens and spaces in dot notation (Jayway), as seed 003 writes $.current-weight', () => {
    expect(select(parsePath('$.current-weight'), { 'current-weight': 0.5 })).toEqual({
      found: true,
      value: 0.5,
    });
  });

  it('a missing node is not found, and its normalized path is what AWS quotes', () => {
    const path = parsePath('$.Payload.items[0]');
    expect(select(path, { Payload: {} })).toEqual({ found: false });
    expect(normalizedPath(path)).toBe("$['Payload']['items'][0]");
  });
});

describe('paths (JsonPath, indefinite ones give a list)', () => {
  const doc = { a: [1, 2, 3, 4], b: { c: [{ x: 1 }, { x: 2 }] } };
  it.each([
    ['$.a[0:2]', [1, 2]], // "If you apply the path $.a[0:2], the following is the result: [ 1, 2 ]"
    ['$.b.c[*].x', [1, 2]],
    ['$..x', [1, 2]],
    ['$.a[?(@ > 2)]', [3, 4]],
    ['$.b.c[?(@.x == 2)]', [{ x: 2 }]],
    ['$.nothing[*]', []],
  ])('%s', (path, expected) => {
    expect(select(compiledPath(path), doc)).toEqual({ found: true, value: expected });
  });

  it.each(['foo', '$.', '$[', '$.a[?(@ > 1]', '$.a[x]', '$..'])('refuses %s', (path) => {
    expect(() => parsePath(path)).toThrow();
  });
});

describe('writing at a reference path (ResultPath)', () => {
  it('adds a field, creating objects on the way, and leaves the input as it was', () => {
    const doc = { a: 1 };
    expect(setAtPath(parsePath('$.b.c'), doc, 7)).toEqual({ a: 1, b: { c: 7 } });
    expect(doc).toEqual({ a: 1 });
  });
  it('replaces an existing node, also inside an array', () => {
    expect(setAtPath(parsePath('$.list[1]'), { list: [1, 2, 3] }, 'x')).toEqual({ list: [1, 'x', 3] });
  });
  it('cannot write through a value that is not an object', () => {
    expect(() => setAtPath(parsePath('$.a.b'), { a: 'text' }, 1)).toThrow(
      "Unable to apply ResultPath '$.a.b'",
    );
  });
});
