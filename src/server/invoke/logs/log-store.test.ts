import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/clock.js';
import { silentLog } from '../../../common/log.js';
import { FileLogStore } from '../log-store.js';
import type { LogEntry, LogStoreOptions } from './log-types.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const GROUP = '/aws/lambda/fn';

function setup(
  options: Partial<LogStoreOptions> = {},
  space?: { full: boolean; countRefused(): void },
): { store: FileLogStore; dir: string; wall: VirtualClock } {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-logs-'));
  dirs.push(dir);
  const wall = new VirtualClock(Date.UTC(2026, 0, 1));
  const store = new FileLogStore(
    { dir, logClock: wall, log: silentLog, ...(space ? { space } : {}) },
    options,
  );
  return { store, dir, wall };
}

function entry(text: string, timestamp: number, stream = 's1'): LogEntry {
  return { group: GROUP, version: '$LATEST', stream, timestamp, text };
}

function segmentsOf(dir: string): string[] {
  return readdirSync(join(dir, encodeURIComponent(GROUP))).filter((f) => f.endsWith('.jsonl'));
}

describe('FileLogStore', () => {
  it('reads records back in time order, one event per line', async () => {
    const { store, wall } = setup();
    await store.start();
    await store.append(entry('START\nhello\nEND\n', wall.now()));
    await store.append(entry('again', wall.now() + 5));
    const events = await store.events(GROUP);
    expect(events?.map((e) => e.message)).toEqual(['START', 'hello', 'END', 'again']);
    await store.close();
  });

  it('skips a torn record, cuts it at start-up, and keeps logging after it', async () => {
    const first = setup();
    await first.store.start();
    await first.store.append(entry('before', first.wall.now()));
    await first.store.close();
    // A full disk cut a write short: half a JSON line, no newline.
    const [segment] = segmentsOf(first.dir);
    const path = join(first.dir, encodeURIComponent(GROUP), segment!);
    appendFileSync(path, '{"t":1767225600001,"s":"s1","m":"cut sh');
    const store = new FileLogStore({ dir: first.dir, logClock: first.wall, log: silentLog });
    await store.start();
    expect(store.counters.repaired).toBe(1);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    await store.append(entry('after', first.wall.now() + 10));
    expect((await store.events(GROUP))?.map((e) => e.message)).toEqual(['before', 'after']);
    // A damaged line in the middle of a segment is skipped and counted, never fatal.
    appendFileSync(path, 'not json\n');
    await store.append(entry('later', first.wall.now() + 20));
    expect((await store.events(GROUP))?.map((e) => e.message)).toEqual(['before', 'after', 'later']);
    expect(store.damaged).toBe(2);
    await store.close();
  });

  it('drops (and counts) records while the data dir is full, and writes again once it is not', async () => {
    const space = {
      full: true,
      refused: 0,
      countRefused() {
        this.refused += 1;
      },
    };
    const { store, wall } = setup({}, space);
    await store.start();
    expect(await store.append(entry('lost', wall.now()))).toBe(false);
    expect(store.counters.dropped).toBe(1);
    expect(space.refused).toBe(1);
    space.full = false;
    expect(await store.append(entry('kept', wall.now()), true)).toBe(true);
    expect((await store.events(GROUP))?.map((e) => e.message)).toEqual(['kept']);
    await store.close();
  });

  it('keeps a group under its size cap by deleting its oldest segments', async () => {
    const { store, dir, wall } = setup({ capBytes: 512 * 1024 });
    await store.start();
    const text = 'x'.repeat(4000);
    for (let batch = 0; batch < 20; batch++) {
      const appends = [];
      for (let i = batch * 20; i < batch * 20 + 20; i++)
        appends.push(store.append(entry(`${i} ${text}`, wall.now() + i)));
      await Promise.all(appends);
    }
    const stored = segmentsOf(dir).reduce(
      (sum, f) => sum + statSync(join(dir, encodeURIComponent(GROUP), f)).size,
      0,
    );
    expect(stored).toBeLessThanOrEqual(512 * 1024 + 70 * 1024);
    expect(store.counters.cappedBytes).toBeGreaterThan(0);
    const first = (await store.events(GROUP))!.map((e) => e.message.split(' ')[0]);
    expect(first.at(-1)).toBe('399');
    expect(first[0]).not.toBe('0');
    await store.close();
  });

  it('applies retention in platform time: segments older than the retention go', async () => {
    // At --time-scale 1440 a day of platform time is a minute of wall time.
    const { store, wall } = setup({ capBytes: 512 * 1024, timeScale: 1440 });
    await store.start();
    const text = 'y'.repeat(4000);
    await Promise.all([...Array(30).keys()].map((i) => store.append(entry(`old ${i} ${text}`, wall.now()))));
    await wall.advance(2 * 60_000);
    await store.append(entry('new', wall.now()));
    expect(await store.putRetention(GROUP, 1)).toBe(true);
    const events = (await store.events(GROUP))!;
    expect(events.map((e) => e.message.slice(0, 6))).toEqual(['new']);
    expect(store.counters.expiredBytes).toBeGreaterThan(0);
    const [view] = await store.describe();
    expect(view).toMatchObject({ name: GROUP, retentionInDays: 1 });
    expect(await store.putRetention('/aws/lambda/none', 1)).toBe(false);
    await store.close();
  });
});
