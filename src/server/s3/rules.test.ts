import { describe, expect, it } from 'vitest';
import type { ObjectRecord } from './model.js';
import { checkBucketName, listPage, parseRange } from './rules.js';

const objects = (keys: string[]): ObjectRecord[] =>
  keys.map((key) => ({
    bucket: 'b',
    key,
    blobs: [],
    size: 0,
    etag: '""',
    contentType: '',
    metadata: {},
    lastModified: 0,
  }));

function fetcher(keys: string[], prefix: string) {
  const sorted = objects([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  return (after: string, limit: number) =>
    sorted
      .filter((o) => Buffer.compare(Buffer.from(o.key), Buffer.from(after)) > 0 && o.key.startsWith(prefix))
      .slice(0, limit);
}

describe('ranges', () => {
  it.each([
    ['bytes=0-4', 10, { start: 0, end: 4 }],
    ['bytes=5-', 10, { start: 5, end: 9 }],
    ['bytes=-3', 10, { start: 7, end: 9 }],
    ['bytes=8-100', 10, { start: 8, end: 9 }],
    [undefined, 10, undefined],
    ['items=0-1', 10, undefined],
  ])('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it('a range past the end is not satisfiable', () => {
    expect(() => parseRange('bytes=10-', 10)).toThrow('The requested range is not satisfiable');
  });
});

describe('listing pages', () => {
  const keys = ['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd', 'é'];

  it('rolls keys under a delimiter into common prefixes counted once each', () => {
    const page = listPage({ prefix: '', delimiter: '/', after: '', maxKeys: 3 }, fetcher(keys, ''));
    expect(page.contents.map((o) => o.key)).toEqual(['b']);
    expect(page.commonPrefixes).toEqual(['a/', 'c/']);
    expect(page.truncated).toBe(true);
    const next = listPage({ prefix: '', delimiter: '/', after: page.next!, maxKeys: 3 }, fetcher(keys, ''));
    expect(next.contents.map((o) => o.key)).toEqual(['d', 'é']);
    expect(next.commonPrefixes).toEqual([]);
    expect(next.truncated).toBe(false);
  });

  it('is truncated only when something is left', () => {
    const page = listPage({ prefix: 'c/', delimiter: '', after: '', maxKeys: 2 }, fetcher(keys, 'c/'));
    expect(page.contents.map((o) => o.key)).toEqual(['c/x/1', 'c/y']);
    expect(page.truncated).toBe(false);
  });
});

describe('bucket names', () => {
  it.each(['ab', 'Upper', '-start', 'a..b', '192.168.1.1', 'xn--x', 'x'.repeat(64)])('refuses %s', (name) => {
    expect(() => checkBucketName(name)).toThrow('The specified bucket is not valid.');
  });
  it.each(['abc', 'my.bucket-1', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(() => checkBucketName(name)).not.toThrow();
  });
});
