import { describe, expect, it } from 'vitest';
import { javaDouble, reasonDataDate, reasonDate } from './reason.js';

describe('reason formatting', () => {
  it('prints doubles as CloudWatch does', () => {
    expect([1, 21.5, 0, -3, 0.25, 1e7, 1.5e-4, 123456.789].map(javaDouble)).toEqual([
      '1.0',
      '21.5',
      '0.0',
      '-3.0',
      '0.25',
      '1.0E7',
      '1.5E-4',
      '123456.789',
    ]);
  });

  it('dates: day first in reasons, ISO with +0000 in reason data', () => {
    const t = Date.UTC(2023, 9, 26, 16, 42, 0, 5);
    expect(reasonDate(t)).toBe('26/10/23 16:42:00');
    expect(reasonDataDate(t)).toBe('2023-10-26T16:42:00.005+0000');
  });
});
