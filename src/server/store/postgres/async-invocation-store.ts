import type { AsyncInvocationRecord, AsyncInvocationStore } from '../../invoke/store.js';
import type { PgDatabase, Tx } from './pg-database.js';

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

/** Queued `Event` invocations: committed before the 202 goes out, so they survive any node. */
export class PgAsyncInvocationStore implements AsyncInvocationStore {
  constructor(private readonly db: PgDatabase) {}

  add(r: AsyncInvocationRecord): Promise<void> {
    return insert(this.db, r);
  }

  async markStarted(requestId: string, at: number): Promise<void> {
    await this.db.query('UPDATE async_invocations SET started_at = $1 WHERE request_id = $2', [
      at,
      requestId,
    ]);
  }

  async reschedule(requestId: string, attempts: number, nextAttemptAt: number): Promise<void> {
    await this.db.query(
      `UPDATE async_invocations SET attempts = $1, next_attempt_at = $2, started_at = NULL
       WHERE request_id = $3`,
      [attempts, nextAttemptAt, requestId],
    );
  }

  async remove(requestId: string, followUp?: AsyncInvocationRecord): Promise<void> {
    if (!followUp) {
      await this.db.query('DELETE FROM async_invocations WHERE request_id = $1', [requestId]);
      return;
    }
    await this.db.write(undefined, async (tx) => {
      await tx.query('DELETE FROM async_invocations WHERE request_id = $1', [requestId]);
      await insert(tx, followUp);
    });
  }

  async list(): Promise<AsyncInvocationRecord[]> {
    const rows = await this.db.query<Row>(
      'SELECT * FROM async_invocations ORDER BY next_attempt_at, enqueued_at',
    );
    return rows.map(toRecord);
  }

  async get(requestId: string): Promise<AsyncInvocationRecord | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM async_invocations WHERE request_id = $1', [
      requestId,
    ]);
    return row && toRecord(row);
  }
}

async function insert(q: Pick<Tx, 'query'>, r: AsyncInvocationRecord): Promise<void> {
  await q.query(
    `INSERT INTO async_invocations
       (request_id, function_name, qualifier, payload, attempts, next_attempt_at, enqueued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [r.requestId, r.functionName, r.qualifier ?? null, r.payload, r.attempts, r.nextAttemptAt, r.enqueuedAt],
  );
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
