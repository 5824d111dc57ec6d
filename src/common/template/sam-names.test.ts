import { describe, expect, it } from 'vitest';
import { distance, nearest, SAM_FUNCTION_PROPERTIES } from './sam-names.js';

describe('nearest names', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['Handler', 'handler', 0],
    ['', 'abc', 3],
  ])('distance(%s, %s) = %d', (a, b, d) => expect(distance(a, b)).toBe(d));

  it.each([
    ['Handlr', 'Handler'],
    ['Runtim', 'Runtime'],
    ['Memorysize', 'MemorySize'],
    ['AutoPublishAlais', 'AutoPublishAlias'],
    ['Enviroment', 'Environment'],
    ['Banana', undefined],
  ])('%s is taken for %s', (typed, meant) => expect(nearest(typed, SAM_FUNCTION_PROPERTIES)).toBe(meant));
});
