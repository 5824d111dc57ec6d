import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type {
  EventInvokeConfigChange,
  EventInvokeConfigRecord,
  EventInvokeConfigStore,
  EventInvokeDecide,
} from '../../functions/event-invoke-store.js';
import { immediateTransaction, settled } from './transaction.js';

type Row = { data: string };

export class SqliteEventInvokeConfigStore implements EventInvokeConfigStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      fn: db.prepare<[string], { name: string }>('SELECT name FROM functions WHERE name = ?'),
      versions: db.prepare<[string], { version: number }>(
        'SELECT version FROM versions WHERE function_name = ?',
      ),
      aliases: db.prepare<[string], { name: string }>('SELECT name FROM aliases WHERE function_name = ?'),
      ofFunction: db.prepare<[string], Row>(
        'SELECT data FROM event_invoke_configs WHERE function_name = ? ORDER BY qualifier',
      ),
      one: db.prepare<[string, string], Row>(
        'SELECT data FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?',
      ),
      put: db.prepare(
        `INSERT INTO event_invoke_configs (function_name, qualifier, data) VALUES (?, ?, ?)
         ON CONFLICT (function_name, qualifier) DO UPDATE SET data = excluded.data`,
      ),
      delete: db.prepare('DELETE FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?'),
    };
  }

  transact<T>(functionName: string, decide: EventInvokeDecide<T>): Promise<T> {
    return immediateTransaction(this.db, () => {
      const owner = this.q.fn.get(functionName)
        ? {
            versions: new Set(this.q.versions.all(functionName).map((r) => String(r.version))),
            aliases: new Set(this.q.aliases.all(functionName).map((r) => r.name)),
          }
        : undefined;
      const configs = this.q.ofFunction
        .all(functionName)
        .map((r) => JSON.parse(r.data) as EventInvokeConfigRecord);
      const { changes, result } = decide(owner, configs, (name) => this.q.fn.get(name) !== undefined);
      for (const change of changes) this.apply(change);
      return result;
    });
  }

  get(functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined> {
    return settled(() => {
      const row = this.q.one.get(functionName, qualifier);
      return row ? (JSON.parse(row.data) as EventInvokeConfigRecord) : undefined;
    });
  }

  private apply(change: EventInvokeConfigChange): void {
    switch (change.kind) {
      case 'putConfig': {
        const r = change.record;
        this.q.put.run(r.functionName, r.qualifier, JSON.stringify(r));
        return;
      }
      case 'deleteConfig':
        this.q.delete.run(change.functionName, change.qualifier);
        return;
      default:
        return assertNever(change);
    }
  }
}
