import { assertNever } from '../../../common/errors.js';
import type { HistoryEvent } from '../../states/interpreter/events.js';
import type { ExecutionRecord, StateMachineRecord } from '../../states/records.js';
import type { StatesChange, StatesDecision, StatesReader, StatesStore } from '../../states/store.js';
import type { PgDatabase, Tx } from './pg-database.js';
import { decideWithReads, type AsyncReader } from './replay-reader.js';

type Row = { data: string };
type Query = Pick<Tx, 'query'>;
const parse = <T>(rows: Row[]): T | undefined => (rows[0] ? (JSON.parse(rows[0].data) as T) : undefined);
const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

export const STATES_LOCK = 'states';
/** Change topic of an execution (key: its ARN). */
export const EXECUTION_TOPIC = 'execution';

function reader(q: Query): AsyncReader<StatesReader> {
  return {
    machine: async (arn) =>
      parse<StateMachineRecord>(
        await q.query<Row>('SELECT data FROM sfn_state_machines WHERE arn = $1', [arn]),
      ),
    machines: async () =>
      parseAll<StateMachineRecord>(await q.query<Row>('SELECT data FROM sfn_state_machines ORDER BY name')),
    execution: async (arn) =>
      parse<ExecutionRecord>(await q.query<Row>('SELECT data FROM sfn_executions WHERE arn = $1', [arn])),
    executions: async (filter) =>
      parseAll<ExecutionRecord>(
        await q.query<Row>(
          `SELECT data FROM sfn_executions
           WHERE ($1::text IS NULL OR state_machine_arn = $1) AND ($2::text IS NULL OR status = $2)
           ORDER BY start_date DESC, seq DESC`,
          [filter.stateMachineArn ?? null, filter.status ?? null],
        ),
      ),
    runningExecutions: async () =>
      (await q.query<{ arn: string }>("SELECT arn FROM sfn_executions WHERE status = 'RUNNING'")).map(
        (r) => r.arn,
      ),
    dueExecutions: async (now) =>
      (
        await q.query<{ arn: string }>(
          "SELECT arn FROM sfn_executions WHERE status = 'RUNNING' AND wake_at <= $1 ORDER BY wake_at",
          [now],
        )
      ).map((r) => r.arn),
    nextWake: async (after = Number.MIN_SAFE_INTEGER) =>
      (
        await q.query<{ at: number | null }>(
          "SELECT MIN(wake_at) AS at FROM sfn_executions WHERE status = 'RUNNING' AND wake_at > $1",
          [after],
        )
      )[0]?.at ?? undefined,
    history: async (arn, page) =>
      parseAll<HistoryEvent>(
        page.order === 'asc'
          ? await q.query<Row>(
              'SELECT data FROM sfn_events WHERE execution_arn = $1 AND id > $2 ORDER BY id LIMIT $3',
              [arn, page.afterId, page.limit],
            )
          : await q.query<Row>(
              'SELECT data FROM sfn_events WHERE execution_arn = $1 AND id < $2 ORDER BY id DESC LIMIT $3',
              [arn, page.beforeId, page.limit],
            ),
      ),
  };
}

async function apply(tx: Tx, change: StatesChange): Promise<void> {
  switch (change.kind) {
    case 'putMachine':
      await tx.query(
        `INSERT INTO sfn_state_machines (arn, name, data) VALUES ($1, $2, $3)
         ON CONFLICT (arn) DO UPDATE SET name = excluded.name, data = excluded.data`,
        [change.machine.arn, change.machine.name, JSON.stringify(change.machine)],
      );
      return;
    case 'deleteMachine':
      await tx.query('DELETE FROM sfn_state_machines WHERE arn = $1', [change.arn]);
      return;
    case 'putExecution': {
      const e = change.execution;
      await tx.query(
        `INSERT INTO sfn_executions (arn, state_machine_arn, status, start_date, wake_at, data)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (arn) DO UPDATE SET state_machine_arn = excluded.state_machine_arn, status = excluded.status,
           start_date = excluded.start_date, wake_at = excluded.wake_at, data = excluded.data`,
        [e.arn, e.stateMachineArn, e.status, e.startDate, e.wakeAt ?? null, JSON.stringify(e)],
      );
      tx.publish(EXECUTION_TOPIC, e.arn);
      return;
    }
    case 'appendEvents':
      if (change.events.length === 0) return;
      await tx.query(
        'INSERT INTO sfn_events (execution_arn, id, data) SELECT $1, * FROM unnest($2::integer[], $3::text[])',
        [change.arn, change.events.map((e) => e.id), change.events.map((e) => JSON.stringify(e))],
      );
      return;
    default:
      assertNever(change);
  }
}

/** Step Functions in PostgreSQL: one row per execution, its wake time a column; events as rows. */
export class PgStatesStore implements StatesStore {
  constructor(private readonly db: PgDatabase) {}

  read<T>(query: (reader: StatesReader) => T): Promise<T> {
    return this.db.snapshot((tx) => decideWithReads(reader(tx), query));
  }

  transact<T>(decide: (reader: StatesReader) => StatesDecision<T>): Promise<T> {
    return this.db.write(STATES_LOCK, async (tx) => {
      const { changes, result } = await decideWithReads(reader(tx), decide);
      for (const change of changes) await apply(tx, change);
      return result;
    });
  }
}
