import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import { DiskSpace } from './disk-space.js';
import { isOutOfSpace, OutOfSpaceError } from './out-of-space.js';
import { decideAddition, levelOf, MB, reserveAction, shortageMessage, spaceOptions } from './space-rules.js';

const options = spaceOptions(10 * MB);

describe('space rules', () => {
  it.each([
    [100 * MB, 'ok'],
    [39 * MB, 'low'],
    [10 * MB, 'low'],
    [9 * MB, 'full'],
  ])('%d bytes free is %s', (free, level) => {
    expect(levelOf(free, options)).toBe(level);
  });

  it('admits an addition that leaves the reserve whole, refuses one that eats into it', () => {
    expect(decideAddition({ kind: 'code', bytes: 5 * MB }, 15 * MB, '/d', options).kind).toBe('admit');
    const refused = decideAddition({ kind: 'code', bytes: 5 * MB + 1 }, 15 * MB, '/d', options);
    expect(refused.kind).toBe('refuse');
  });

  it('tells what is full, how much is free and what to delete', () => {
    const message = shortageMessage({
      addition: { kind: 'code', bytes: 5 * MB },
      dir: '/data',
      freeBytes: 12.5 * MB,
      reserveBytes: 10 * MB,
    });
    expect(message).toContain('The data dir /data is nearly full: 12.5 MB free');
    expect(message).toContain('keeps 10.0 MB for deletes, alias changes and rollbacks');
    expect(message).toContain('this code package (5.0 MB)');
    expect(message).toContain('Delete functions or versions');
  });
});

describe('the reserve file', () => {
  // A 10 MB reserve keeps a 5 MB file: released below 1.25 MB free, restored above 20 MB.
  it.each([
    [0.5 * MB, true, 'release'],
    [2 * MB, true, 'keep'],
    [15 * MB, false, 'keep'],
    [21 * MB, false, 'restore'],
    [21 * MB, true, 'keep'],
  ] as const)('at %d bytes free, held %s: %s', (free, held, action) => {
    expect(reserveAction(free, held, options)).toBe(action);
  });
});

describe('DiskSpace', () => {
  it('refuses below the reserve, counts refusals, warns on each change and admits again once freed', async () => {
    const wall = new VirtualClock(0);
    const warnings: string[] = [];
    let free = 100 * MB;
    const space = new DiskSpace(
      {
        dir: '/data',
        wallClock: wall,
        log: { ...silentLog, warn: (m) => warnings.push(m) },
        read: () => ({ freeBytes: free, totalBytes: 200 * MB }),
      },
      options,
    );
    space.start();
    expect(() => space.admit({ kind: 'event', bytes: 1000 })).not.toThrow();
    free = 10 * MB;
    await wall.advance(5_000);
    expect(space.status().level).toBe('low');
    let refusal: unknown;
    try {
      space.admit({ kind: 'code', bytes: MB });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OutOfSpaceError);
    expect(isOutOfSpace(refusal)).toBe(true);
    expect(space.status().refused.code).toBe(1);
    free = 5 * MB;
    space.refresh();
    expect(space.full).toBe(true);
    expect(warnings).toHaveLength(2);
    free = 50 * MB;
    await wall.advance(5_000);
    expect(space.full).toBe(false);
    expect(() => space.admit({ kind: 'code', bytes: MB })).not.toThrow();
    await space.stop();
  });

  it('recognises what the file system and SQLite throw when the disk is full', () => {
    expect(isOutOfSpace(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('x'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isOutOfSpace(new Error('x'))).toBe(false);
  });
});
