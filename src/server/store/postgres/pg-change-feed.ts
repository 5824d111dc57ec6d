import pg from 'pg';
import type { Clock } from '../../../common/clock.js';
import type { Log } from '../../../common/log.js';
import type { ChangeFeed } from '../../cluster/change-feed.js';
import { every } from '../../cluster/leases.js';
import { CHANGE_CHANNEL, type PgDatabase } from './pg-database.js';

/** Hints: notifications nothing depends on (fresh metrics), not logged, at most once. */
const HINT_CHANNEL = 'gradual_hints';

interface Entry {
  seq: number;
  topic: string;
  key: string;
  origin: string;
}

export interface ChangeFeedOptions {
  /** How often the change number is checked against the database (wall ms). */
  checkEveryMs: number;
  /** How long changes are kept for nodes catching up (minutes). */
  keepMinutes: number;
  /** Wait before reconnecting the notification connection (wall ms). */
  reconnectMs: number;
}

const DEFAULTS: ChangeFeedOptions = { checkEveryMs: 500, keepMinutes: 10, reconnectMs: 500 };
/** How often the notification connection is asked whether it is still there (wall ms). */
const LISTENER_PING_MS = 5000;
/** Changes read per catch-up query. */
const PAGE = 500;

/**
 * Follows the numbered change log (`change_log`, written by PgDatabase in each committing
 * transaction) on one dedicated LISTEN connection. A notification normally carries its changes;
 * any gap (a lost or oversized notification, a reconnection, a change seen by the periodic check
 * of `change_head`) is filled by reading the log from the last number applied, so no change is
 * skipped. Changes this node made are passed over: it applied them when it made them.
 */
export class PgChangeFeed implements ChangeFeed {
  private applied = 0;
  private readonly handlers = new Map<string, Set<(key: string) => Promise<void> | void>>();
  private readonly resetHandlers = new Set<() => Promise<void> | void>();
  private readonly hintHandlers = new Map<string, Set<(keys: string[]) => void>>();
  /** Every application of changes runs on this chain, in order. */
  private chain: Promise<void> = Promise.resolve();
  private listener: pg.Client | undefined;
  private stopChecking: (() => void) | undefined;
  private closed = false;
  /** Changes handed to handlers (tests, bench). */
  delivered = 0;

  constructor(
    private readonly db: PgDatabase,
    private readonly deps: { wallClock: Clock; log: Log },
    private readonly options: ChangeFeedOptions = DEFAULTS,
  ) {}

  async start(): Promise<void> {
    const [head] = await this.db.query<{ seq: number }>('SELECT seq FROM change_head WHERE id = 1');
    this.applied = head?.seq ?? 0;
    await this.listen().catch((error: unknown) => {
      this.deps.log.warn('change notifications unavailable; following by polling until they return', {
        error: String(error),
      });
      this.reconnectLater();
    });
    let ticks = 0;
    const per = (ms: number): number => Math.max(1, Math.round(ms / this.options.checkEveryMs));
    this.stopChecking = every(this.deps.wallClock, this.options.checkEveryMs, async () => {
      ticks += 1;
      // A listener cut off by the network hears nothing and says nothing: ask it now and then.
      if (ticks % per(LISTENER_PING_MS) === 0) void this.pingListener();
      await this.check();
      // Now and then, forget changes every node has long applied.
      if (ticks % per(60_000) === 0) {
        await this.db.query(`DELETE FROM change_log WHERE at < now() - $1 * interval '1 minute'`, [
          this.options.keepMinutes,
        ]);
      }
    });
  }

  on(topic: string, handler: (key: string) => Promise<void> | void): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  onReset(handler: () => Promise<void> | void): () => void {
    this.resetHandlers.add(handler);
    return () => this.resetHandlers.delete(handler);
  }

  /** Tells the other nodes something worth a look now (`keys` under `topic`), at most once. */
  async hint(topic: string, keys: readonly string[]): Promise<void> {
    const payload = JSON.stringify({ o: this.db.origin, t: topic, k: keys });
    if (payload.length > 7500) return; // too much to say: the others find it at their next look
    await this.db.query('SELECT pg_notify($1, $2)', [HINT_CHANNEL, payload]);
  }

  onHint(topic: string, handler: (keys: string[]) => void): () => void {
    let set = this.hintHandlers.get(topic);
    if (!set) this.hintHandlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  async sync(): Promise<void> {
    const [head] = await this.db.query<{ seq: number }>('SELECT seq FROM change_head WHERE id = 1');
    const target = head?.seq ?? 0;
    while (this.applied < target && !this.closed) await this.enqueue(() => this.catchUp());
    await this.chain;
  }

  /** The last change number applied (tests, status). */
  get position(): number {
    return this.applied;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopChecking?.();
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    await this.chain;
  }

  /** Whether notifications are heard now (rather than changes found by the periodic check). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  private async pingListener(): Promise<void> {
    const client = this.listener;
    if (!client) return;
    try {
      await client.query('SELECT 1');
    } catch {
      if (this.listener !== client) return;
      this.listener = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater();
    }
  }

  private async check(): Promise<void> {
    const [head] = await this.db.query<{ seq: number }>('SELECT seq FROM change_head WHERE id = 1');
    if ((head?.seq ?? 0) > this.applied) await this.enqueue(() => this.catchUp());
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work, work);
    this.chain = next.catch((error: unknown) =>
      this.deps.log.warn('could not follow changes; will retry', { error: String(error) }),
    );
    return this.chain;
  }

  private async listen(): Promise<void> {
    // Bounded like the pool's connections: a database cut off must not hold the reconnection.
    const client = new pg.Client({
      connectionString: this.db.options.url,
      keepAlive: true,
      connectionTimeoutMillis: this.db.options.connectTimeoutMs ?? 1500,
      query_timeout: 5000,
    });
    client.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL && message.payload) this.notified(message.payload);
      if (message.channel === HINT_CHANNEL && message.payload) this.hinted(message.payload);
    });
    const lost = (): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.reconnectLater();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}; LISTEN ${HINT_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    // Whatever was committed while not listening.
    await this.enqueue(() => this.catchUp());
  }

  private reconnectLater(): void {
    if (this.closed) return;
    this.deps.wallClock.setTimer(this.options.reconnectMs, () => {
      if (this.closed || this.listener) return;
      this.listen().catch(() => this.reconnectLater());
    });
  }

  private hinted(payload: string): void {
    const hint = JSON.parse(payload) as { o: string; t: string; k: string[] };
    if (hint.o === this.db.origin) return;
    for (const handler of this.hintHandlers.get(hint.t) ?? []) {
      try {
        handler(hint.k);
      } catch (error) {
        this.deps.log.warn('a hint handler failed', { topic: hint.t, error: String(error) });
      }
    }
  }

  private notified(payload: string): void {
    void this.enqueue(async () => {
      const note = JSON.parse(payload) as { o: string; f: number; c?: [string, string][]; n?: number };
      const count = note.c?.length ?? note.n ?? 0;
      if (note.f + count - 1 <= this.applied) return; // already applied by a catch-up
      if (note.f !== this.applied + 1 || !note.c) return this.catchUp();
      await this.apply(note.c.map(([topic, key], i) => ({ seq: note.f + i, topic, key, origin: note.o })));
    });
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const rows = await this.db.query<Entry>(
        'SELECT seq, topic, key, origin FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2',
        [this.applied, PAGE],
      );
      if (rows.length === 0) return;
      if (rows[0]!.seq !== this.applied + 1) {
        // The log was pruned past this node (it was away for long): everything may be stale.
        this.deps.log.warn('changes were missed; reloading every cache', { from: this.applied });
        this.applied = rows[0]!.seq - 1;
        for (const handler of this.resetHandlers) await handler();
      }
      await this.apply(rows);
      if (rows.length < PAGE) return;
    }
  }

  private async apply(entries: readonly Entry[]): Promise<void> {
    for (const entry of entries) {
      this.applied = entry.seq;
      if (entry.origin === this.db.origin) continue;
      for (const handler of this.handlers.get(entry.topic) ?? []) {
        try {
          await handler(entry.key);
        } catch (error) {
          this.deps.log.warn('a change handler failed', {
            topic: entry.topic,
            key: entry.key,
            error: String(error),
          });
        }
      }
      this.delivered += 1;
    }
  }
}
