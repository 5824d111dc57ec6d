import { describe, expect, it } from 'vitest';
import { silentLog } from '../../common/log.js';
import { Spares } from './spares.js';

function stock(target: number) {
  let made = 0;
  const destroyed: number[] = [];
  const spares = new Spares(
    () => Promise.resolve(++made),
    (n) => {
      destroyed.push(n);
      return Promise.resolve();
    },
    target,
    silentLog,
    'a number',
  );
  return { spares, made: () => made, destroyed };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a stock of things slow to make', () => {
  it('fills to its target, hands out ready ones first, and makes one on demand when empty', async () => {
    const s = stock(2);
    s.spares.fill();
    await settle();
    expect(s.made()).toBe(2);
    expect(await s.spares.take()).toBe(1);
    expect(await s.spares.take()).toBe(2);
    // Empty: made now, and taking does not refill (the caller does, once its cold start is over).
    expect(await s.spares.take()).toBe(3);
    expect(s.made()).toBe(3);
    s.spares.fill();
    await settle();
    expect(s.made()).toBe(5);
  });

  it('destroys what it holds on close, and what was still being made', async () => {
    const s = stock(2);
    s.spares.fill();
    await s.spares.close();
    expect(s.destroyed.sort()).toEqual([1, 2]);
    s.spares.fill();
    await settle();
    expect(s.made()).toBe(2);
  });

  it('keeps going when making one fails', async () => {
    let attempts = 0;
    const spares = new Spares(
      () => (++attempts === 1 ? Promise.reject(new Error('no')) : Promise.resolve(attempts)),
      () => Promise.resolve(),
      1,
      silentLog,
      'a number',
    );
    spares.fill();
    await settle();
    spares.fill();
    await settle();
    expect(await spares.take()).toBe(2);
  });
});
