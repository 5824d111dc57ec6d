import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Clock, Timer } from '../../common/clock.js';
import type { Log } from '../../common/log.js';

/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

export interface LiveFeed<K extends string> {
  /** Listens for changes, calling `mark` with what needs sending again; returns the unsubscribe. */
  subscribe(mark: (kind: K) => void): () => void;
  /** What to send first. */
  initial: readonly K[];
  /** Kinds re-rendered on a wall-clock period too (metrics move without an event). */
  ticks: readonly { kind: K; everyMs: number }[];
  /** The event's JSON for `kind`; sent only when it differs from the last one sent. */
  render(kind: K): Promise<string>;
  /** False once the session behind the stream ended: the stream says so and closes. */
  alive(): boolean;
}

/** Every open stream, so shutdown can end them instead of waiting on them. */
export class LiveStreams {
  private readonly closers = new Set<() => void>();
  private closed = false;

  constructor(private readonly deps: { wallClock: Clock; log: Log }) {}

  get open(): number {
    return this.closers.size;
  }

  close(): void {
    this.closed = true;
    for (const close of [...this.closers]) close();
  }

  /**
   * Answers with a server-sent event stream fed by `feed`: changes are coalesced (a burst of
   * engine events while one render runs costs one more render), and unchanged renders are not
   * sent, so an idle page costs a render per tick and no bytes.
   */
  respond<K extends string>(c: Context, feed: LiveFeed<K>): Response {
    const { wallClock, log } = this.deps;
    const response = streamSSE(c, async (stream) => {
      const dirty = new Set<K>(feed.initial);
      const last = new Map<K, string>();
      let ended = this.closed;
      let wake: (() => void) | undefined;
      const poke = (): void => {
        const resolve = wake;
        wake = undefined;
        resolve?.();
      };
      const mark = (kind: K): void => {
        dirty.add(kind);
        poke();
      };
      const end = (): void => {
        ended = true;
        poke();
      };
      // One re-armed timer per period, so a stream open for days holds a fixed number.
      const timers: { current: Timer | undefined }[] = [];
      const every = (ms: number, fn: () => void): void => {
        const slot: { current: Timer | undefined } = { current: undefined };
        timers.push(slot);
        const arm = (): void => {
          slot.current = wallClock.setTimer(ms, () => {
            fn();
            if (!ended) arm();
          });
        };
        arm();
      };
      for (const tick of feed.ticks) every(tick.everyMs, () => mark(tick.kind));
      let lastWrite = wallClock.now();
      every(HEARTBEAT_MS, poke);
      const unsubscribe = feed.subscribe(mark);
      this.closers.add(end);
      stream.onAbort(end);
      try {
        while (!ended && !stream.aborted) {
          if (!feed.alive()) {
            await stream.writeSSE({ event: 'signed-out', data: '{}' });
            return;
          }
          if (dirty.size === 0) {
            if (wallClock.now() - lastWrite >= HEARTBEAT_MS) {
              await stream.write(': still here\n\n');
              lastWrite = wallClock.now();
            }
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          const kinds = [...dirty];
          dirty.clear();
          for (const kind of kinds) {
            const data = await feed.render(kind);
            if (last.get(kind) === data) continue;
            last.set(kind, data);
            await stream.writeSSE({ event: kind, data });
            lastWrite = wallClock.now();
          }
        }
      } catch (error) {
        log.warn('dashboard stream ended on an error', { error: String(error) });
        await stream.writeSSE({ event: 'failed', data: JSON.stringify({ message: String(error) }) });
      } finally {
        ended = true;
        unsubscribe();
        for (const slot of timers) slot.current?.cancel();
        this.closers.delete(end);
      }
    });
    // The connection serves this stream only: when the stream ends (shutdown, sign-out), so does
    // the connection, instead of idling in keep-alive while the server waits to stop.
    response.headers.set('connection', 'close');
    return response;
  }
}
