import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type { ChangeSetRecord, StackEvent, StackRecord } from '../../cloudformation/model.js';
import type { CfnChange, CfnDecision, CfnReader, CfnStore } from '../../cloudformation/store.js';
import { immediateTransaction, settled } from './transaction.js';

type Row = { data: string };
const parse = <T>(row: Row | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);
const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

/**
 * CloudFormation in SQLite (migration 011-cloudformation-stacks): a stack is one row (its
 * resources and operation inside), its wake time and whether it is busy are columns; events and
 * change sets are rows of their own.
 */
export class SqliteCfnStore implements CfnStore {
  private readonly reader: CfnReader;
  private readonly apply: (change: CfnChange) => void;

  constructor(private readonly db: Database.Database) {
    const q = {
      stack: db.prepare<[string], Row>('SELECT data FROM cfn_stacks WHERE stack_id = ?'),
      live: db.prepare<[string], Row>(
        "SELECT data FROM cfn_stacks WHERE name = ? AND status != 'DELETE_COMPLETE' ORDER BY created DESC LIMIT 1",
      ),
      stacks: db.prepare<[], Row>('SELECT data FROM cfn_stacks ORDER BY created DESC'),
      busy: db.prepare<[], { id: string }>('SELECT stack_id AS id FROM cfn_stacks WHERE busy = 1'),
      due: db.prepare<[number], { id: string }>(
        'SELECT stack_id AS id FROM cfn_stacks WHERE busy = 1 AND wake_at <= ?',
      ),
      nextWake: db.prepare<[], { at: number | null }>(
        'SELECT MIN(wake_at) AS at FROM cfn_stacks WHERE busy = 1',
      ),
      events: db.prepare<[string], Row>('SELECT data FROM cfn_events WHERE stack_id = ? ORDER BY seq DESC'),
      changeSet: db.prepare<[string], Row>('SELECT data FROM cfn_change_sets WHERE change_set_id = ?'),
      changeSets: db.prepare<[string], Row>(
        'SELECT data FROM cfn_change_sets WHERE stack_id = ? ORDER BY created',
      ),
      putStack: db.prepare(
        `INSERT OR REPLACE INTO cfn_stacks (stack_id, name, status, created, busy, wake_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      putEvent: db.prepare('INSERT INTO cfn_events (stack_id, data) VALUES (?, ?)'),
      putChangeSet: db.prepare(
        'INSERT OR REPLACE INTO cfn_change_sets (change_set_id, stack_id, created, data) VALUES (?, ?, ?, ?)',
      ),
      deleteChangeSet: db.prepare('DELETE FROM cfn_change_sets WHERE change_set_id = ?'),
    };
    this.reader = {
      stack: (id) => parse<StackRecord>(q.stack.get(id)),
      liveStack: (name) => parse<StackRecord>(q.live.get(name)),
      stacks: () => parseAll<StackRecord>(q.stacks.all()),
      busyStackIds: () => q.busy.all().map((r) => r.id),
      dueStackIds: (now) => q.due.all(now).map((r) => r.id),
      nextWake: () => q.nextWake.get()?.at ?? undefined,
      events: (id) => parseAll<StackEvent>(q.events.all(id)),
      changeSet: (id) => parse<ChangeSetRecord>(q.changeSet.get(id)),
      changeSets: (id) => parseAll<ChangeSetRecord>(q.changeSets.all(id)),
    };
    this.apply = (change) => {
      switch (change.kind) {
        case 'putStack': {
          const s = change.stack;
          q.putStack.run(
            s.stackId,
            s.stackName,
            s.status,
            s.creationTime,
            s.operation ? 1 : 0,
            s.wakeAt ?? null,
            JSON.stringify(s),
          );
          return;
        }
        case 'appendEvents':
          for (const e of change.events) q.putEvent.run(e.stackId, JSON.stringify(e));
          return;
        case 'putChangeSet': {
          const c = change.changeSet;
          q.putChangeSet.run(c.changeSetId, c.stackId, c.creationTime, JSON.stringify(c));
          return;
        }
        case 'deleteChangeSet':
          q.deleteChangeSet.run(change.changeSetId);
          return;
        default:
          assertNever(change);
      }
    };
  }

  read<T>(query: (reader: CfnReader) => T): Promise<T> {
    return settled(() => query(this.reader));
  }

  transact<T>(decide: (reader: CfnReader) => CfnDecision<T>): Promise<T> {
    return immediateTransaction(this.db, () => {
      const { changes, result } = decide(this.reader);
      for (const change of changes) this.apply(change);
      return result;
    });
  }
}
