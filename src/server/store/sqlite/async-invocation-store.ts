import type Database from 'better-sqlite3';
import type { AsyncInvocationRecord, AsyncInvocationStore } from '../../invoke/store.js';
import { settled } from './transaction.js';

type Row = {
  request_id: string;
  function_name: string;
  qualifier: string | null;
  payload: Buffer;
  attempts: number;
  next_attempt_at: number;
  enqueued_at: number;
};

/** Queued `Event` invocations: written before the 202 goes out, so they survive a restart. */
export class SqliteAsyncInvocationStore implements AsyncInvocationStore {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      add: db.prepare(
        `INSERT INTO async_invocations
           (request_id, function_name, qualifier, payload, attempts, next_attempt_at, enqueued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      reschedule: db.prepare(
        'UPDATE async_invocations SET attempts = ?, next_attempt_at = ? WHERE request_id = ?',
      ),
      remove: db.prepare('DELETE FROM async_invocations WHERE request_id = ?'),
      all: db.prepare<[], Row>('SELECT * FROM async_invocations ORDER BY next_attempt_at, enqueued_at'),
      one: db.prepare<[string], Row>('SELECT * FROM async_invocations WHERE request_id = ?'),
    };
  }

  add(r: AsyncInvocationRecord): Promise<void> {
    return settled(() => {
      this.q.add.run(
        r.requestId,
        r.functionName,
        r.qualifier ?? null,
        r.payload,
        r.attempts,
        r.nextAttemptAt,
        r.enqueuedAt,
      );
    });
  }

  reschedule(requestId: string, attempts: number, nextAttemptAt: number): Promise<void> {
    this.q.reschedule.run(attempts, nextAttemptAt, requestId);
    return Promise.resolve();
  }

  remove(requestId: string): Promise<void> {
    this.q.remove.run(requestId);
    return Promise.resolve();
  }

  list(): Promise<AsyncInvocationRecord[]> {
    return Promise.resolve(this.q.all.all().map(toRecord));
  }

  get(requestId: string): Promise<AsyncInvocationRecord | undefined> {
    const row = this.q.one.get(requestId);
    return Promise.resolve(row && toRecord(row));
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
  };
}
