import type Database from 'better-sqlite3';
import type { HttpApiAggregate, HttpApiRecord } from '../../apigateway/http/model.js';
import type { HttpApiDecision, HttpApiStore } from '../../apigateway/http/store.js';
import { immediateTransaction } from './transaction.js';

type Row = { data: string };

/** Each HTTP API is one row: the aggregate is small (routes, integrations, stages) and read whole. */
export class SqliteHttpApiStore implements HttpApiStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      all: db.prepare<[], Row>('SELECT data FROM http_apis ORDER BY created, id'),
      one: db.prepare<[string], Row>('SELECT data FROM http_apis WHERE id = ?'),
      put: db.prepare(
        `INSERT INTO http_apis (id, created, data) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
      ),
      delete: db.prepare('DELETE FROM http_apis WHERE id = ?'),
    };
  }

  list(): Promise<HttpApiRecord[]> {
    return Promise.resolve(this.q.all.all().map((r) => (JSON.parse(r.data) as HttpApiAggregate).api));
  }

  load(apiId: string): Promise<HttpApiAggregate | undefined> {
    return Promise.resolve(this.loadNow(apiId));
  }

  transact<T>(
    apiId: string,
    decide: (current: HttpApiAggregate | undefined) => HttpApiDecision<T>,
  ): Promise<T> {
    return immediateTransaction(this.db, () => {
      const { change, result } = decide(this.loadNow(apiId));
      if (change.kind === 'put') {
        this.q.put.run(apiId, change.api.api.createdDate, JSON.stringify(change.api));
      } else if (change.kind === 'delete') {
        this.q.delete.run(apiId);
      }
      return result;
    });
  }

  private loadNow(apiId: string): HttpApiAggregate | undefined {
    const row = this.q.one.get(apiId);
    return row ? (JSON.parse(row.data) as HttpApiAggregate) : undefined;
  }
}
