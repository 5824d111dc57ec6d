import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type { HistoryEvent } from '../../states/interpreter/events.js';
import type { ExecutionRecord, StateMachineRecord } from '../../states/records.js';
import type { StatesChange, StatesDecision, StatesReader, StatesStore } from '../../states/store.js';
import { settled } from './transaction.js';

type Row = { data: string };
const parse = <T>(row: Row | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);
const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

/**
 * Step Functions in SQLite (migration 008-state-machines). An execution is one row, its wake
 * time a column with an index over running executions, so waiting costs a row; history events
 * are rows keyed by (execution, id), written in the step's transaction.
 */
export class SqliteStatesStore implements StatesStore {
  private readonly reader: StatesReader;
  private readonly apply: (change: StatesChange) => void;

  constructor(private readonly db: Database.Database) {
    const q = {
      machine: db.prepare<[string], Row>('SELECT data FROM sfn_state_machines WHERE arn = ?'),
      machines: db.prepare<[], Row>('SELECT data FROM sfn_state_machines ORDER BY name'),
      execution: db.prepare<[string], Row>('SELECT data FROM sfn_executions WHERE arn = ?'),
      byMachine: db.prepare<[string], Row>(
        'SELECT data FROM sfn_executions WHERE state_machine_arn = ? ORDER BY start_date DESC, rowid DESC',
      ),
      byMachineStatus: db.prepare<[string, string], Row>(
        'SELECT data FROM sfn_executions WHERE state_machine_arn = ? AND status = ? ORDER BY start_date DESC, rowid DESC',
      ),
      all: db.prepare<[], Row>('SELECT data FROM sfn_executions ORDER BY start_date DESC, rowid DESC'),
      running: db.prepare<[], { arn: string }>("SELECT arn FROM sfn_executions WHERE status = 'RUNNING'"),
      due: db.prepare<[number], { arn: string }>(
        "SELECT arn FROM sfn_executions WHERE status = 'RUNNING' AND wake_at <= ? ORDER BY wake_at",
      ),
      nextWake: db.prepare<[number], { at: number | null }>(
        "SELECT MIN(wake_at) AS at FROM sfn_executions WHERE status = 'RUNNING' AND wake_at > ?",
      ),
      historyAsc: db.prepare<[string, number, number], Row>(
        'SELECT data FROM sfn_events WHERE execution_arn = ? AND id > ? ORDER BY id LIMIT ?',
      ),
      historyDesc: db.prepare<[string, number, number], Row>(
        'SELECT data FROM sfn_events WHERE execution_arn = ? AND id < ? ORDER BY id DESC LIMIT ?',
      ),
      putMachine: db.prepare('INSERT OR REPLACE INTO sfn_state_machines (arn, name, data) VALUES (?, ?, ?)'),
      deleteMachine: db.prepare('DELETE FROM sfn_state_machines WHERE arn = ?'),
      putExecution: db.prepare(
        `INSERT OR REPLACE INTO sfn_executions (arn, state_machine_arn, status, start_date, wake_at, data)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      putEvent: db.prepare('INSERT INTO sfn_events (execution_arn, id, data) VALUES (?, ?, ?)'),
    };
    this.reader = {
      machine: (arn) => parse<StateMachineRecord>(q.machine.get(arn)),
      machines: () => parseAll<StateMachineRecord>(q.machines.all()),
      execution: (arn) => parse<ExecutionRecord>(q.execution.get(arn)),
      executions: (filter) => {
        const rows = filter.stateMachineArn
          ? filter.status
            ? q.byMachineStatus.all(filter.stateMachineArn, filter.status)
            : q.byMachine.all(filter.stateMachineArn)
          : q.all.all();
        const all = parseAll<ExecutionRecord>(rows);
        return filter.status && !filter.stateMachineArn ? all.filter((e) => e.status === filter.status) : all;
      },
      runningExecutions: () => q.running.all().map((r) => r.arn),
      dueExecutions: (now) => q.due.all(now).map((r) => r.arn),
      nextWake: (after = Number.MIN_SAFE_INTEGER) => q.nextWake.get(after)?.at ?? undefined,
      history: (arn, page) =>
        parseAll<HistoryEvent>(
          page.order === 'asc'
            ? q.historyAsc.all(arn, page.afterId, page.limit)
            : q.historyDesc.all(arn, page.beforeId, page.limit),
        ),
    };
    this.apply = (change) => {
      switch (change.kind) {
        case 'putMachine':
          q.putMachine.run(change.machine.arn, change.machine.name, JSON.stringify(change.machine));
          return;
        case 'deleteMachine':
          q.deleteMachine.run(change.arn);
          return;
        case 'putExecution': {
          const e = change.execution;
          q.putExecution.run(
            e.arn,
            e.stateMachineArn,
            e.status,
            e.startDate,
            e.wakeAt ?? null,
            JSON.stringify(e),
          );
          return;
        }
        case 'appendEvents':
          for (const event of change.events) q.putEvent.run(change.arn, event.id, JSON.stringify(event));
          return;
        default:
          assertNever(change);
      }
    };
  }

  read<T>(query: (reader: StatesReader) => T): Promise<T> {
    return settled(() => query(this.reader));
  }

  /**
   * Group commit: the transactions asked for in one turn of the event loop are committed
   * together, each in a savepoint of its own (a throw rolls back that one only), with one fsync
   * for all. Each caller hears of its result only once that commit is on disk, so a step is still
   * saved before its effects; a hundred executions stepping at once cost one fsync, not a hundred.
   */
  transact<T>(decide: (reader: StatesReader) => StatesDecision<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({
        run: () => {
          const { changes, result } = decide(this.reader);
          for (const change of changes) this.apply(change);
          return result;
        },
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (this.pending.length === 1) setImmediate(() => this.commit());
    });
  }

  private pending: Pending[] = [];
  /** Commits made so far, and the transactions in them (`npm run bench:states` reports both). */
  readonly commits = { count: 0, transactions: 0 };

  private commit(): void {
    const batch = this.pending;
    this.pending = [];
    this.commits.count++;
    this.commits.transactions += batch.length;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: Error })[] = [];
    const committed = settled(() =>
      this.db
        .transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: true, value: this.db.transaction(item.run)() });
            } catch (error) {
              outcomes.push({ ok: false, error: error instanceof Error ? error : new Error(String(error)) });
            }
          }
        })
        .immediate(),
    );
    committed.then(
      () =>
        batch.forEach((item, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        }),
      (error: Error) => batch.forEach((item) => item.reject(error)),
    );
  }
}

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}
