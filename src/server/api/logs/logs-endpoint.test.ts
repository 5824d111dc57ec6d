import { describe, expect, it } from 'vitest';
import { matchesPattern } from './logs-endpoint.js';

describe('filter patterns', () => {
  it.each([
    ['anything', undefined, true],
    ['anything', '  ', true],
    ['ERROR boom happened', 'ERROR', true],
    ['ERROR boom happened', 'ERROR boom', true],
    ['ERROR boom happened', 'ERROR nope', false],
    ['RequestId: abc Version', '"RequestId: abc"', true],
    ['RequestId: abd', '"RequestId: abc"', false],
  ])('%s with %s: %s', (message, pattern, expected) => {
    expect(matchesPattern(message, pattern)).toBe(expected);
  });
});
