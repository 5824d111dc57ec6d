import { describe, expect, it } from 'vitest';
import { RunLimiter } from './run-limiter.js';

describe('RunLimiter', () => {
  it('runs at most its limit at once, the rest in arrival order', async () => {
    const limiter = new RunLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const jobs = [0, 1, 2, 3, 4].map((i) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((open) => gates.push(open));
        running -= 1;
        return i;
      }),
    );
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await new Promise((r) => setImmediate(r));
    while (gates.length) gates.shift()!();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees the turn of work that fails', async () => {
    const limiter = new RunLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
