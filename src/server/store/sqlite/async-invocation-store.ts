import type Database from 'better-sqlite3';
import type { AsyncInvocationRecord, AsyncInvocationStore } from '../../invoke/store.js';
import { immediateTransaction, settled } from './transaction.js';

type Row = {
  request_id: string;
  function_name: string;
  qualifier: string | null;
  payload: Buffer;
  attempts: number;
  next_attempt_at: number;
  enqueued_at: number;
  started_at: number | null;
};

/** Queued `Event` invocations: written before the 202 goes out, so they survive a restart. */
export class SqliteAsyncInvocationStore implements AsyncInvocationStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      add: db.prepare(
        `INSERT INTO async_invocations
           (request_id, function_name, qualifier, payload, attempts, next_attempt_at, enqueued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      started: db.prepare('UPDATE async_invocations SET started_at = ? WHERE request_id = ?'),
      reschedule: db.prepare(
        'UPDATE async_invocations SET attempts = ?, next_attempt_at = ?, started_at = NULL WHERE request_id = ?',
      ),
      remove: db.prepare('DELETE FROM async_invocations WHERE request_id = ?'),
      all: db.prepare<[], Row>('SELECT * FROM async_invocations ORDER BY next_attempt_at, enqueued_at'),
      one: db.prepare<[string], Row>('SELECT * FROM async_invocations WHERE request_id = ?'),
    };
  }

  add(r: AsyncInvocationRecord): Promise<void> {
    return settled(() => this.insert(r));
  }

  markStarted(requestId: string, at: number): Promise<void> {
    return settled(() => void this.q.started.run(at, requestId));
  }

  reschedule(requestId: string, attempts: number, nextAttemptAt: number): Promise<void> {
    return settled(() => void this.q.reschedule.run(attempts, nextAttemptAt, requestId));
  }

  remove(requestId: string, followUp?: AsyncInvocationRecord): Promise<void> {
    return immediateTransaction(this.db, () => {
      this.q.remove.run(requestId);
      if (followUp) this.insert(followUp);
    });
  }

  list(): Promise<AsyncInvocationRecord[]> {
    return settled(() => this.q.all.all().map(toRecord));
  }

  get(requestId: string): Promise<AsyncInvocationRecord | undefined> {
    return settled(() => {
      const row = this.q.one.get(requestId);
      return row && toRecord(row);
    });
  }

  private insert(r: AsyncInvocationRecord): void {
    this.q.add.run(
      r.requestId,
      r.functionName,
      r.qualifier ?? null,
      r.payload,
      r.attempts,
      r.nextAttemptAt,
      r.enqueuedAt,
    );
  }
}

function toRecord(r: Row): AsyncInvocationRecord {
  return {
    requestId: r.request_id,
    functionName: r.function_name,
    qualifier: r.qualifier ?? undefined,
    payload: r.payload,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    enqueuedAt: r.enqueued_at,
    ...(r.started_at !== null ? { startedAt: r.started_at } : {}),
  };
}
