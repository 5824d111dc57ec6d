import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import {
  faketimeEnv,
  findLibfaketime,
  mergePreload,
  rehearsalTimeoutHint,
  releaseShared,
  scaledFunctionTime,
} from './function-time.js';

const root = mkdtempSync(join(tmpdir(), 'gradual-faketime-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('faketimeEnv', () => {
  it.each([
    [90_500, 60, '+90.500 x60'],
    [0, 20, '+0.000 x20'],
    [-1_250, 2.5, '-1.250 x2.5'],
  ])('an offset of %d ms at %dx is FAKETIME "%s"', (offset, scale, faketime) => {
    expect(faketimeEnv(offset, scale, '/lib/libfaketimeMT.so.1')).toEqual({
      LD_PRELOAD: '/lib/libfaketimeMT.so.1',
      FAKETIME: faketime,
      FAKETIME_DONT_RESET: '1',
      FAKETIME_NO_CACHE: '1',
    });
  });

  it('is computed when the process starts: the platform clock ahead of the wall clock', async () => {
    const wall = new VirtualClock(1_000_000);
    const platform = new VirtualClock(1_000_000 + 3_600_000);
    const time = scaledFunctionTime(platform, wall, 60, '/usr/lib/x/faketime/libfaketimeMT.so.1');
    expect(time.processEnv()['FAKETIME']).toBe('+3600.000 x60');
    await platform.advance(60_000);
    await wall.advance(1_000);
    expect(time.processEnv()['FAKETIME']).toBe('+3659.000 x60');
    expect(time.libraryDir).toBeUndefined();
    expect(scaledFunctionTime(platform, wall, 60, '/opt/ft/libfaketimeMT.so.1').libraryDir).toBe('/opt/ft');
  });

  it("keeps a function's own LD_PRELOAD, after libfaketime", () => {
    expect(mergePreload('/a.so', undefined)).toBe('/a.so');
    expect(mergePreload('/a.so', '/b.so')).toBe('/a.so:/b.so');
  });
});

describe('findLibfaketime', () => {
  it("finds Debian's multiarch library, or none", () => {
    const lib = join(root, 'usr-lib');
    mkdirSync(join(lib, 'x86_64-linux-gnu', 'faketime'), { recursive: true });
    expect(findLibfaketime([lib])).toBeUndefined();
    const file = join(lib, 'x86_64-linux-gnu', 'faketime', 'libfaketimeMT.so.1');
    writeFileSync(file, '');
    expect(findLibfaketime([join(root, 'nowhere'), lib])).toBe(file);
  });
});

describe('releaseShared', () => {
  it("removes what libfaketime kept for a process's clock", () => {
    const shm = join(root, 'shm');
    mkdirSync(shm);
    for (const name of ['faketime_shm_41', 'sem.faketime_sem_41', 'faketime_shm_42'])
      writeFileSync(join(shm, name), '');
    releaseShared(41, shm);
    expect(readdirSync(shm)).toEqual(['faketime_shm_42']);
  });
});

describe('rehearsalTimeoutHint', () => {
  it('says how much real time a Timeout gave under --time-scale, and nothing otherwise', () => {
    expect(rehearsalTimeoutHint(3, 1)).toBe('');
    expect(rehearsalTimeoutHint(3, 60)).toBe(
      'gradual: at --time-scale 60 a Timeout of 3 s is 50 ms of real time; raise Timeout or lower --time-scale if the function needs longer\n',
    );
    expect(rehearsalTimeoutHint(300, 60)).toContain('is 5.0 s of real time');
  });
});
