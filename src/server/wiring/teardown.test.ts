import { describe, expect, it } from 'vitest';
import { Teardown } from './teardown.js';

describe('Teardown', () => {
  it('undoes newest first, each after the previous one finished', async () => {
    const done: string[] = [];
    const teardown = new Teardown();
    teardown.defer('lock', () => void done.push('unlock'));
    teardown.defer('store', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      done.push('store closed');
    });
    teardown.defer('listener', () => void done.push('listener closed'));
    await teardown.close();
    expect(done).toEqual(['listener closed', 'store closed', 'unlock']);
  });

  it('runs every undo when one fails, then throws the first failure named by what failed', async () => {
    const done: string[] = [];
    const teardown = new Teardown();
    teardown.defer('lock', () => void done.push('unlock'));
    teardown.defer('metrics', () => {
      throw new Error('flush failed');
    });
    teardown.defer('pool', () => Promise.reject(new Error('kill failed')));
    const error = await teardown.close().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(done).toEqual(['unlock']);
    expect(error?.message).toBe('shutdown: pool failed');
    expect((error?.cause as Error).message).toBe('kill failed');
  });

  it('runs once however often it is asked to close', async () => {
    let runs = 0;
    const teardown = new Teardown();
    teardown.defer('once', () => void (runs += 1));
    const first = teardown.close();
    expect(teardown.close()).toBe(first);
    await first;
    await teardown.close();
    expect(runs).toBe(1);
  });

  it('refuses an undo added once shutdown began', async () => {
    const teardown = new Teardown();
    await teardown.close();
    expect(() => teardown.defer('late', () => undefined)).toThrow(
      'late started while the server was shutting down',
    );
  });
});
