import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.js';
import { silentLog } from './log.js';
import { readTimeline, rehearsalClock, timelineConflict } from './rehearsal-time.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('rehearsalClock', () => {
  it('runs scaled, and a restart continues the timeline plus the wall time spent down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradual-clock-'));
    dirs.push(dir);
    const wall = new VirtualClock(1_000_000);
    const first = rehearsalClock(dir, 60, wall);
    await wall.advance(10_000);
    expect(first.clock.now()).toBe(1_000_000 + 600_000);
    first.stop();
    await wall.advance(5_000); // down for five seconds
    const second = rehearsalClock(dir, 60, wall);
    expect(second.clock.now()).toBe(1_000_000 + 600_000 + 5_000);
    await wall.advance(1_000);
    expect(second.clock.now()).toBe(1_000_000 + 605_000 + 60_000);
    second.stop();
  });

  it('after a crash, resumes from the last save (at most a second of wall time old)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradual-clock-'));
    dirs.push(dir);
    const wall = new VirtualClock(0);
    const crashed = rehearsalClock(dir, 100, wall);
    await wall.advance(2_500); // saved at 1 s and 2 s; then killed without stop()
    void crashed;
    const resumed = rehearsalClock(dir, 100, wall);
    expect(resumed.clock.now()).toBe(200_000 + 500);
    resumed.stop();
  });
});

describe('rehearsalClock on a full disk', () => {
  it('keeps running when saves fail, warns once, and saves again once they work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradual-clock-'));
    dirs.push(dir);
    const wall = new VirtualClock(0);
    const warnings: string[] = [];
    const infos: string[] = [];
    const log = { ...silentLog, warn: (m: string) => warnings.push(m), info: (m: string) => infos.push(m) };
    let full = true;
    const writes: string[] = [];
    const write = (file: string, text: string): void => {
      if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      writes.push(text);
    };
    const running = rehearsalClock(dir, 10, wall, log, write);
    await wall.advance(5_000);
    expect(running.clock.now()).toBe(50_000);
    expect(warnings).toHaveLength(1);
    full = false;
    await wall.advance(1_000);
    expect(writes.at(-1)).toBe(JSON.stringify({ platform: 60_000, wall: 6_000, scale: 10 }));
    expect(infos).toHaveLength(1);
    running.stop();
  });

  it('starts from the wall clock when clock.json is damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradual-clock-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'clock.json'), '{"platform": 12');
    expect(readTimeline(dir)).toEqual({ kind: 'rehearsal', scale: undefined, aheadMs: 0 });
    const warnings: string[] = [];
    const wall = new VirtualClock(7_000);
    const running = rehearsalClock(dir, 10, wall, { ...silentLog, warn: (m: string) => warnings.push(m) });
    expect(running.clock.now()).toBe(7_000);
    expect(warnings).toHaveLength(1);
    running.stop();
  });
});

describe('one timeline per data dir', () => {
  it.each([
    [{ kind: 'fresh' }, 1, undefined],
    [{ kind: 'fresh' }, 60, undefined],
    [{ kind: 'real' }, 1, undefined],
    [{ kind: 'real' }, 60, /^\/d holds a real-time timeline: a rehearsal there would date/],
    [{ kind: 'rehearsal', scale: 60, aheadMs: 3 * 3600_000 + 12 * 60_000 }, 20, undefined],
    [
      { kind: 'rehearsal', scale: 60, aheadMs: 3 * 3600_000 + 12 * 60_000 },
      1,
      /^\/d holds a rehearsal's timeline \(--time-scale 60\), 3 h 12 min ahead of the real clock: continue it with --time-scale, or use another --data-dir/,
    ],
  ] as const)('%j at scale %d: %s', (timeline, scale, expected) => {
    const said = timelineConflict(timeline, scale, '/d');
    if (expected === undefined) expect(said).toBeUndefined();
    else expect(said).toMatch(expected);
  });

  it('reads a data dir: fresh, real time once it has a database, a rehearsal once it has a clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradual-clock-'));
    dirs.push(dir);
    expect(readTimeline(dir)).toEqual({ kind: 'fresh' });
    writeFileSync(join(dir, 'gradual.db'), '');
    expect(readTimeline(dir)).toEqual({ kind: 'real' });
    const wall = new VirtualClock(1_000_000);
    const rehearsal = rehearsalClock(dir, 60, wall);
    await wall.advance(60_000);
    rehearsal.stop();
    expect(readTimeline(dir)).toEqual({ kind: 'rehearsal', scale: 60, aheadMs: 59 * 60_000 });
  });
});
