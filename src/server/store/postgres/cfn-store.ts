import { assertNever } from '../../../common/errors.js';
import type { ChangeSetRecord, StackEvent, StackRecord } from '../../cloudformation/model.js';
import type { CfnChange, CfnDecision, CfnReader, CfnStore } from '../../cloudformation/store.js';
import type { PgDatabase, Tx } from './pg-database.js';
import { decideWithReads, type AsyncReader } from './replay-reader.js';

type Row = { data: string };
type Query = Pick<Tx, 'query'>;
const parse = <T>(rows: Row[]): T | undefined => (rows[0] ? (JSON.parse(rows[0].data) as T) : undefined);
const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

export const CFN_LOCK = 'cloudformation';

function reader(q: Query): AsyncReader<CfnReader> {
  return {
    stack: async (id) =>
      parse<StackRecord>(await q.query<Row>('SELECT data FROM cfn_stacks WHERE stack_id = $1', [id])),
    liveStack: async (name) =>
      parse<StackRecord>(
        await q.query<Row>(
          "SELECT data FROM cfn_stacks WHERE name = $1 AND status <> 'DELETE_COMPLETE' ORDER BY created DESC LIMIT 1",
          [name],
        ),
      ),
    stacks: async () =>
      parseAll<StackRecord>(await q.query<Row>('SELECT data FROM cfn_stacks ORDER BY created DESC')),
    busyStackIds: async () =>
      (await q.query<{ id: string }>('SELECT stack_id AS id FROM cfn_stacks WHERE busy')).map((r) => r.id),
    dueStackIds: async (now) =>
      (
        await q.query<{ id: string }>('SELECT stack_id AS id FROM cfn_stacks WHERE busy AND wake_at <= $1', [
          now,
        ])
      ).map((r) => r.id),
    nextWake: async () =>
      (await q.query<{ at: number | null }>('SELECT MIN(wake_at) AS at FROM cfn_stacks WHERE busy'))[0]?.at ??
      undefined,
    events: async (id) =>
      parseAll<StackEvent>(
        await q.query<Row>('SELECT data FROM cfn_events WHERE stack_id = $1 ORDER BY seq DESC', [id]),
      ),
    changeSet: async (id) =>
      parse<ChangeSetRecord>(
        await q.query<Row>('SELECT data FROM cfn_change_sets WHERE change_set_id = $1', [id]),
      ),
    changeSets: async (id) =>
      parseAll<ChangeSetRecord>(
        await q.query<Row>('SELECT data FROM cfn_change_sets WHERE stack_id = $1 ORDER BY created', [id]),
      ),
  };
}

async function apply(tx: Tx, change: CfnChange): Promise<void> {
  switch (change.kind) {
    case 'putStack': {
      const s = change.stack;
      await tx.query(
        `INSERT INTO cfn_stacks (stack_id, name, status, created, busy, wake_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (stack_id) DO UPDATE SET name = excluded.name, status = excluded.status,
           created = excluded.created, busy = excluded.busy, wake_at = excluded.wake_at, data = excluded.data`,
        [
          s.stackId,
          s.stackName,
          s.status,
          s.creationTime,
          s.operation !== undefined,
          s.wakeAt ?? null,
          JSON.stringify(s),
        ],
      );
      return;
    }
    case 'appendEvents':
      for (const e of change.events) {
        await tx.query('INSERT INTO cfn_events (stack_id, data) VALUES ($1, $2)', [
          e.stackId,
          JSON.stringify(e),
        ]);
      }
      return;
    case 'putChangeSet': {
      const c = change.changeSet;
      await tx.query(
        `INSERT INTO cfn_change_sets (change_set_id, stack_id, created, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (change_set_id) DO UPDATE SET stack_id = excluded.stack_id, created = excluded.created,
           data = excluded.data`,
        [c.changeSetId, c.stackId, c.creationTime, JSON.stringify(c)],
      );
      return;
    }
    case 'deleteChangeSet':
      await tx.query('DELETE FROM cfn_change_sets WHERE change_set_id = $1', [change.changeSetId]);
      return;
    default:
      assertNever(change);
  }
}

/**
 * CloudFormation in PostgreSQL: a stack is one row (its operation inside), its wake time and
 * whether it is busy columns; events and change sets rows of their own. Stack operations take no
 * lease yet: one node per database should run them (see README).
 */
export class PgCfnStore implements CfnStore {
  constructor(private readonly db: PgDatabase) {}

  read<T>(query: (reader: CfnReader) => T): Promise<T> {
    return this.db.snapshot((tx) => decideWithReads(reader(tx), query));
  }

  transact<T>(decide: (reader: CfnReader) => CfnDecision<T>): Promise<T> {
    return this.db.write(CFN_LOCK, async (tx) => {
      const { changes, result } = await decideWithReads(reader(tx), decide);
      for (const change of changes) await apply(tx, change);
      return result;
    });
  }
}
