import type Database from 'better-sqlite3';
import type { ProvisionedConcurrencyRecord, ProvisionedConcurrencyStore } from '../../functions/store.js';

type Row = { function_name: string; qualifier: string; requested: number; last_modified: number };

function toRecord(r: Row): ProvisionedConcurrencyRecord {
  return {
    functionName: r.function_name,
    qualifier: r.qualifier,
    requested: r.requested,
    lastModified: r.last_modified,
  };
}

export class SqliteProvisionedStore implements ProvisionedConcurrencyStore {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      put: db.prepare(
        `INSERT INTO provisioned_concurrency (function_name, qualifier, requested, last_modified)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (function_name, qualifier)
         DO UPDATE SET requested = excluded.requested, last_modified = excluded.last_modified`,
      ),
      delete: db.prepare('DELETE FROM provisioned_concurrency WHERE function_name = ? AND qualifier = ?'),
      all: db.prepare<[], Row>('SELECT * FROM provisioned_concurrency ORDER BY function_name, qualifier'),
      ofFunction: db.prepare<[string], Row>(
        'SELECT * FROM provisioned_concurrency WHERE function_name = ? ORDER BY qualifier',
      ),
    };
  }

  put(r: ProvisionedConcurrencyRecord): Promise<void> {
    this.q.put.run(r.functionName, r.qualifier, r.requested, r.lastModified);
    return Promise.resolve();
  }

  delete(functionName: string, qualifier: string): Promise<void> {
    this.q.delete.run(functionName, qualifier);
    return Promise.resolve();
  }

  list(functionName?: string): Promise<ProvisionedConcurrencyRecord[]> {
    const rows = functionName === undefined ? this.q.all.all() : this.q.ofFunction.all(functionName);
    return Promise.resolve(rows.map(toRecord));
  }
}
