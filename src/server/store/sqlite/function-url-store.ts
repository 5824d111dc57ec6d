import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type {
  FunctionUrlChange,
  FunctionUrlRecord,
  FunctionUrlStore,
  UrlDecide,
} from '../../functions/store.js';
import { immediateTransaction } from './transaction.js';

type Row = { data: string };

export class SqliteFunctionUrlStore implements FunctionUrlStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      fn: db.prepare<[string], { name: string }>('SELECT name FROM functions WHERE name = ?'),
      aliases: db.prepare<[string], { name: string }>('SELECT name FROM aliases WHERE function_name = ?'),
      ofFunction: db.prepare<[string], Row>(
        'SELECT data FROM function_urls WHERE function_name = ? ORDER BY qualifier',
      ),
      all: db.prepare<[], Row>('SELECT data FROM function_urls ORDER BY function_name, qualifier'),
      put: db.prepare(
        `INSERT INTO function_urls (url_id, function_name, qualifier, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (url_id) DO UPDATE SET data = excluded.data`,
      ),
      delete: db.prepare('DELETE FROM function_urls WHERE function_name = ? AND qualifier = ?'),
    };
  }

  transact<T>(functionName: string, decide: UrlDecide<T>): Promise<T> {
    return immediateTransaction(this.db, () => {
      const owner = this.q.fn.get(functionName)
        ? { aliases: new Set(this.q.aliases.all(functionName).map((r) => r.name)) }
        : undefined;
      const { changes, result } = decide(owner, this.rows(functionName));
      for (const change of changes) this.apply(change);
      return result;
    });
  }

  list(functionName?: string): Promise<FunctionUrlRecord[]> {
    return Promise.resolve(
      functionName === undefined
        ? this.q.all.all().map((r) => JSON.parse(r.data) as FunctionUrlRecord)
        : this.rows(functionName),
    );
  }

  private rows(functionName: string): FunctionUrlRecord[] {
    return this.q.ofFunction.all(functionName).map((r) => JSON.parse(r.data) as FunctionUrlRecord);
  }

  private apply(change: FunctionUrlChange): void {
    switch (change.kind) {
      case 'putUrl': {
        const r = change.record;
        this.q.put.run(r.urlId, r.functionName, r.qualifier, JSON.stringify(r));
        return;
      }
      case 'deleteUrl':
        this.q.delete.run(change.functionName, change.qualifier);
        return;
      default:
        return assertNever(change);
    }
  }
}
