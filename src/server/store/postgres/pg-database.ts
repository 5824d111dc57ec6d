import pg from 'pg';
import type { Clock } from '../../../common/clock.js';
import { DatabaseUnavailableException } from '../../../common/errors.js';
import { Reachability } from './pg-reachability.js';

export interface PgOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Connections held by this node at most. */
  poolSize?: number;
  /** How long a connection attempt may take before the call fails (fast, so callers see it). */
  connectTimeoutMs?: number;
  /** How long one statement may run on the server. */
  statementTimeoutMs?: number;
  /**
   * How long the node waits for a statement's answer before taking the connection for lost (a
   * database cut off by the network answers nothing, and would otherwise hold the call forever).
   */
  readTimeoutMs?: number;
  /** This node's id, written beside each change it publishes. */
  origin?: string;
  /** Times the probe of a database found unreachable (without it, calls take turns as the probe). */
  wallClock?: Pick<Clock, 'setTimer'>;
}

/** A change one transaction made, published to every node when it commits (see change-feed). */
export interface PublishedChange {
  topic: string;
  key: string;
}

/** One transaction: queries on its connection, and changes to announce when it commits. */
export interface Tx {
  query<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Announces a change to every node, in commit order (see change-feed.ts). */
  publish(topic: string, key: string): void;
}

/** bigint columns hold milliseconds and counters, far below 2^53: read them as numbers. */
const parseBigint = (value: string): number => Number(value);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === 20 ? parseBigint : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Every statement gradual sends is a small indexed read or write (a 50 MB code package included):
 * one still running after this long is waiting on something wrong, and its caller is better
 * answered with an error than held.
 */
const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;

/** The two-key advisory lock namespace of gradual's write locks. */
const LOCK_SPACE = 0x67726164; // 'grad'

/** Error codes of a connection that is gone or never came (class 08, admin shutdown, crash). */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SYSCALLS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
]);

/** True when `error` says the database could not be reached (rather than refused a statement). */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableException) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_CODES.has(code))) return true;
  if (typeof code === 'string' && UNAVAILABLE_SYSCALLS.has(code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|Query read timeout/i.test(
    error.message,
  );
}

/** Turns a connection failure into the API's 503; other errors pass unchanged. */
export function unavailableOr(error: unknown): Error {
  if (isUnavailable(error)) return new DatabaseUnavailableException((error as Error).message);
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * gradual's PostgreSQL connections. Writes take a transaction-scoped advisory lock on their domain
 * first (the equivalent of SQLite's BEGIN IMMEDIATE), so a decision reads the state every earlier
 * writer committed and no later writer can act on the state it read: under READ COMMITTED each
 * statement after the lock sees what was committed before it.
 */
export class PgDatabase {
  readonly pool: pg.Pool;
  readonly origin: string;
  /** Whether the database answers; while it does not, calls fail at once (see Reachability). */
  readonly reachability: Reachability;

  constructor(readonly options: PgOptions) {
    this.origin = options.origin ?? '';
    const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 1500,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      statement_timeout: statementTimeout,
      // A reachable server cancels a slow statement first (57014, a refusal, not an outage).
      query_timeout: options.readTimeoutMs ?? statementTimeout + 1000,
      types,
    });
    // An idle connection the server dropped: the pool replaces it on the next query.
    this.pool.on('error', () => undefined);
    const wallClock = options.wallClock;
    this.reachability = new Reachability(
      isUnavailable,
      wallClock && { probe: () => this.probe(), wallClock },
    );
  }

  async query<R extends object>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      return await this.reachability.guard(
        async () => (await this.pool.query<R>(sql, params as unknown[])).rows,
      );
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  /**
   * Runs `body` as one READ COMMITTED write transaction, first taking the write lock `lock` (a
   * domain) when given. A throw rolls everything back.
   */
  write<T>(lock: string | undefined, body: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction({ lock }, body);
  }

  /** Runs `body`'s reads on one REPEATABLE READ snapshot. */
  snapshot<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction('snapshot', body);
  }

  private transaction<T>(
    kind: { lock: string | undefined } | 'snapshot',
    body: (tx: Tx) => Promise<T>,
  ): Promise<T> {
    return this.reachability.guard(() => this.run(kind, body));
  }

  private async run<T>(
    kind: { lock: string | undefined } | 'snapshot',
    body: (tx: Tx) => Promise<T>,
  ): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailableOr(error);
    }
    // The pool listens for errors of idle connections only: one lost while checked out (between
    // two statements) would be an uncaught error, ending the process. Noted, it is discarded.
    let lost: unknown;
    const onLost = (error: unknown): void => {
      lost = error;
    };
    client.on('error', onLost);
    const published: PublishedChange[] = [];
    const tx: Tx = {
      query: async <R extends object>(sql: string, params: readonly unknown[] = []) =>
        (await client.query<R>(sql, params as unknown[])).rows,
      publish: (topic, key) => {
        published.push({ topic, key });
      },
    };
    let broken: unknown;
    try {
      if (kind === 'snapshot') {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      } else {
        await client.query('BEGIN');
        if (kind.lock !== undefined) {
          await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, kind.lock]);
        }
      }
      const result = await body(tx);
      if (published.length > 0) await this.appendChanges(tx, published);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = isUnavailable(error) ? error : undefined;
      // A lost connection is dropped unanswered (the server rolls back a dropped session's
      // transaction); asking it to roll back would wait out the read timeout a second time.
      if (broken === undefined) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
      }
      throw unavailableOr(error);
    } finally {
      // A connection that failed mid-transaction is discarded rather than reused (and keeps the
      // listener: ending it may report the loss again).
      const discard = broken ?? lost;
      if (discard === undefined) client.removeListener('error', onLost);
      client.release(discard instanceof Error ? discard : undefined);
    }
  }

  async close(): Promise<void> {
    this.reachability.close();
    await this.pool.end();
  }

  /**
   * One fresh connection and a statement: the pool's idle connections may be ones a partition
   * left hanging, each worth a read timeout.
   */
  private async probe(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 1500,
      query_timeout: 1500,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Numbers the transaction's changes from the one head row: its row lock orders publishing
   * transactions, so change numbers follow commit order and a reader catching up by number
   * cannot skip one that commits late. The notification goes out at COMMIT.
   */
  private async appendChanges(tx: Tx, changes: readonly PublishedChange[]): Promise<void> {
    const [head] = await tx.query<{ seq: number }>(
      'UPDATE change_head SET seq = seq + $1 WHERE id = 1 RETURNING seq',
      [changes.length],
    );
    const last = head!.seq;
    const first = last - changes.length + 1;
    await tx.query(
      `INSERT INTO change_log (seq, topic, key, origin)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])`,
      [
        changes.map((_, i) => first + i),
        changes.map((c) => c.topic),
        changes.map((c) => c.key),
        changes.map(() => this.origin),
      ],
    );
    const payload = JSON.stringify({ o: this.origin, f: first, c: changes.map((c) => [c.topic, c.key]) });
    // NOTIFY payloads are limited to 8000 bytes: a large batch sends its range only.
    const short =
      payload.length < 7500 ? payload : JSON.stringify({ o: this.origin, f: first, n: changes.length });
    await tx.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, short]);
  }
}

/** The LISTEN channel of change notifications. */
export const CHANGE_CHANNEL = 'gradual_changes';
