/**
 * gradual's framed channel to its own bootstraps: the Runtime API's requests and replies as
 * length-prefixed frames on one Unix socket connection, instead of HTTP messages. A frame is
 *
 *   u32 head length | u32 body length | head (JSON, UTF-8) | body
 *
 * (big-endian). A request's head is `{ i, m, p, h, q }`: its number on the connection, method,
 * path, headers (lower-case names) and, when `q` is true, "no reply unless refused", which spares
 * a result its 202. A reply's head is `{ i, s, h }`: the request's number, status, headers.
 */
export const FRAME_PREFIX_BYTES = 8;
/** A head is a request line and a few headers; anything larger is not one of ours. */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface RequestHead {
  i: number;
  m: string;
  p: string;
  h: Record<string, string>;
  q?: boolean;
}

export interface ReplyHead {
  i: number;
  s: number;
  h: Record<string, string | number>;
}

/** One frame in a single buffer, so it leaves in one write. */
export function encodeFrame(head: object, body: Buffer | string | undefined): Buffer {
  const headText = JSON.stringify(head);
  const headBytes = Buffer.byteLength(headText);
  const bodyBytes = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const frame = Buffer.allocUnsafe(FRAME_PREFIX_BYTES + headBytes + bodyBytes);
  frame.writeUInt32BE(headBytes, 0);
  frame.writeUInt32BE(bodyBytes, 4);
  frame.write(headText, FRAME_PREFIX_BYTES, 'utf8');
  const at = FRAME_PREFIX_BYTES + headBytes;
  if (typeof body === 'string') frame.write(body, at, 'utf8');
  else body?.copy(frame, at);
  return frame;
}

/** A request head as the runtime sent it, checked field by field (it comes from the sandbox). */
export function parseRequestHead(bytes: Buffer): RequestHead | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['i'] !== 'number' || typeof v['m'] !== 'string' || typeof v['p'] !== 'string')
    return undefined;
  const h = v['h'] ?? {};
  if (typeof h !== 'object' || h === null || Array.isArray(h)) return undefined;
  for (const x of Object.values(h)) if (typeof x !== 'string') return undefined;
  return { i: v['i'], m: v['m'], p: v['p'], h: h as Record<string, string>, q: v['q'] === true };
}

export type FrameEvent =
  | { kind: 'frame'; head: Buffer; body: Buffer | undefined }
  /** Not a frame of this protocol: the connection should end. */
  | { kind: 'malformed'; reason: string };

/**
 * Cuts a byte stream into frames. A body over `bodyLimit` bytes is reported at once, as
 * undefined, and its bytes are skipped as they arrive, never held.
 */
export class FrameReader {
  /** Bytes received and not yet cut, as they came: a large frame is joined once, when complete. */
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes the frame at the front needs before it can be cut. */
  private needed = FRAME_PREFIX_BYTES;
  /** Bytes of an oversized body still to skip. */
  private skipping = 0;
  private failed = false;

  constructor(
    private readonly bodyLimit: number,
    private readonly emit: (event: FrameEvent) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.failed) return;
    if (this.skipping > 0) {
      const skipped = Math.min(this.skipping, chunk.length);
      this.skipping -= skipped;
      chunk = chunk.subarray(skipped);
      if (chunk.length === 0) return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.needed) this.drain();
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0]!;
  }

  private drain(): void {
    while (this.size >= FRAME_PREFIX_BYTES && !this.failed) {
      // The prefix alone, joined only when it straddles chunks (eight bytes or so to copy).
      const first = this.chunks[0]!.length >= FRAME_PREFIX_BYTES ? this.chunks[0]! : this.joined();
      const headBytes = first.readUInt32BE(0);
      const bodyBytes = first.readUInt32BE(4);
      if (headBytes > MAX_HEAD_BYTES) {
        this.failed = true;
        return this.emit({ kind: 'malformed', reason: `a frame head of ${headBytes} bytes` });
      }
      const headEnd = FRAME_PREFIX_BYTES + headBytes;
      const oversized = bodyBytes > this.bodyLimit;
      const end = headEnd + (oversized ? 0 : bodyBytes);
      if (this.size < end) {
        this.needed = end;
        return;
      }
      const buffer = this.joined();
      const head = buffer.subarray(FRAME_PREFIX_BYTES, headEnd);
      const body = oversized ? undefined : buffer.subarray(headEnd, end);
      let rest = buffer.subarray(end);
      if (oversized) {
        const skipped = Math.min(bodyBytes, rest.length);
        this.skipping = bodyBytes - skipped;
        rest = rest.subarray(skipped);
      }
      this.chunks = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
      this.needed = FRAME_PREFIX_BYTES;
      this.emit({ kind: 'frame', head, body });
    }
  }
}
