import { describe, expect, it } from 'vitest';
import { page } from './operation.js';

describe('page', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const upper = (s: string): string => s.toUpperCase();

  it('turns the items on the page into their wire form, with a position when more follow', () => {
    const first = page(items, { limit: '2' }, upper);
    expect(first.item).toEqual(['A', 'B']);
    expect(first.position).toBeTypeOf('string');
    const second = page(items, { limit: '2', position: first.position! }, upper);
    expect(second.item).toEqual(['C', 'D']);
    const last = page(items, { limit: '2', position: second.position! }, upper);
    expect(last).toEqual({ item: ['E'] });
    expect('position' in last).toBe(false);
  });

  it('refuses a limit out of range and a position it did not give', () => {
    expect(() => page(items, { limit: '501' }, upper)).toThrow('Limit must be between 1 and 500');
    expect(() => page(items, { position: Buffer.from('x').toString('base64url') }, upper)).toThrow(
      'Invalid position specified',
    );
  });
});
