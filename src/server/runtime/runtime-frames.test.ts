import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeFrame, FrameReader, type FrameEvent } from './runtime-frames.js';

const MiB = 1024 * 1024;

/** Cuts bytes as a socket hands them over: `size`-byte chunks. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

function read(chunks: Buffer[], bodyLimit = 6 * MiB): FrameEvent[] {
  const events: FrameEvent[] = [];
  const reader = new FrameReader(bodyLimit, (event) => events.push(event));
  for (const chunk of chunks) reader.push(chunk);
  return events;
}

function frames(events: FrameEvent[]): { head: unknown; body: Buffer | undefined }[] {
  return events.map((e) => {
    if (e.kind !== 'frame') throw new Error(`not a frame: ${e.reason}`);
    return { head: JSON.parse(e.head.toString('utf8')) as unknown, body: e.body };
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FrameReader', () => {
  it('joins a 5 MB frame arriving in 64 KB chunks once, not again on every chunk', () => {
    const body = Buffer.alloc(5 * MiB, 7);
    const frame = encodeFrame({ i: 1, s: 200, h: {} }, body);
    const concat = vi.spyOn(Buffer, 'concat');
    const [event] = frames(read(chunked(frame, 64 * 1024)));
    expect(event!.body!.equals(body)).toBe(true);
    // Joining on every read copied about 80 x 2.5 MB here; once is the frame's own size.
    const copied = concat.mock.calls.reduce((sum, [list]) => sum + list.reduce((n, b) => n + b.length, 0), 0);
    expect(copied).toBeLessThanOrEqual(frame.length);
  });

  it('cuts frames whose prefix, head and body straddle chunks, and several in one chunk', () => {
    const a = encodeFrame({ i: 1, s: 200, h: { x: 'y' } }, 'first');
    const b = encodeFrame({ i: 2, s: 202, h: {} }, undefined);
    const c = encodeFrame({ i: 3, s: 200, h: {} }, Buffer.alloc(300_000, 1));
    const all = Buffer.concat([a, b, c]);
    for (const size of [1, 3, 8, 11, 64 * 1024, all.length]) {
      const got = frames(read(chunked(all, size)));
      expect(got.map((f) => f.head)).toEqual([
        { i: 1, s: 200, h: { x: 'y' } },
        { i: 2, s: 202, h: {} },
        { i: 3, s: 200, h: {} },
      ]);
      expect(got[0]!.body!.toString()).toBe('first');
      expect(got[1]!.body!.length).toBe(0);
      expect(got[2]!.body!.equals(Buffer.alloc(300_000, 1))).toBe(true);
    }
  });

  it('reports a body over the limit as undefined at once and skips its bytes', () => {
    const big = encodeFrame({ i: 1, s: 200, h: {} }, Buffer.alloc(200_000, 2));
    const next = encodeFrame({ i: 2, s: 200, h: {} }, 'after');
    const events: FrameEvent[] = [];
    const reader = new FrameReader(100_000, (event) => events.push(event));
    const chunks = chunked(Buffer.concat([big, next]), 64 * 1024);
    reader.push(chunks[0]!);
    // Known as oversized from its prefix, before the rest of its body has come.
    expect(frames(events)).toEqual([{ head: { i: 1, s: 200, h: {} }, body: undefined }]);
    for (const chunk of chunks.slice(1)) reader.push(chunk);
    const got = frames(events);
    expect(got).toHaveLength(2);
    expect(got[1]!.body!.toString()).toBe('after');
  });

  it('calls a head over 64 KB malformed and reads nothing more', () => {
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32BE(64 * 1024 + 1, 0);
    const events = read([prefix, encodeFrame({ i: 1 }, 'x')]);
    expect(events).toEqual([{ kind: 'malformed', reason: 'a frame head of 65537 bytes' }]);
  });
});
