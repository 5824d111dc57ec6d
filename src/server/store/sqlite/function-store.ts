import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type { AliasRecord, FunctionAggregate, FunctionRecord, VersionRecord } from '../../functions/model.js';
import type {
  AccountUsage,
  ConfigCursor,
  Decide,
  FunctionChange,
  FunctionStore,
  ListedConfig,
} from '../../functions/store.js';
import { immediateTransaction, settled } from './transaction.js';

type Row = { data: string };

export class SqliteFunctionStore implements FunctionStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      fn: db.prepare<[string], Row>('SELECT data FROM functions WHERE name = ?'),
      versions: db.prepare<[string], Row>(
        'SELECT data FROM versions WHERE function_name = ? ORDER BY version',
      ),
      aliases: db.prepare<[string], Row>('SELECT data FROM aliases WHERE function_name = ? ORDER BY name'),
      reservedElsewhere: db.prepare<[string], { total: number }>(
        `SELECT COALESCE(SUM(reserved_concurrency), 0) AS total FROM functions
         WHERE reserved_concurrency IS NOT NULL AND name != ?`,
      ),
      reservedTotal: db.prepare<[], { total: number }>(
        `SELECT COALESCE(SUM(reserved_concurrency), 0) AS total FROM functions
         WHERE reserved_concurrency IS NOT NULL`,
      ),
      putFn: db.prepare(
        `INSERT INTO functions (name, data, reserved_concurrency) VALUES (@name, @data, @reserved)
         ON CONFLICT (name) DO UPDATE SET data = excluded.data, reserved_concurrency = excluded.reserved_concurrency`,
      ),
      deleteFn: db.prepare('DELETE FROM functions WHERE name = ?'),
      deleteFnVersions: db.prepare('DELETE FROM versions WHERE function_name = ?'),
      deleteFnAliases: db.prepare('DELETE FROM aliases WHERE function_name = ?'),
      putVersion: db.prepare(
        `INSERT INTO versions (function_name, version, data) VALUES (?, ?, ?)
         ON CONFLICT (function_name, version) DO UPDATE SET data = excluded.data`,
      ),
      deleteVersion: db.prepare('DELETE FROM versions WHERE function_name = ? AND version = ?'),
      putAlias: db.prepare(
        `INSERT INTO aliases (function_name, name, data) VALUES (?, ?, ?)
         ON CONFLICT (function_name, name) DO UPDATE SET data = excluded.data`,
      ),
      deleteAlias: db.prepare('DELETE FROM aliases WHERE function_name = ? AND name = ?'),
      // Policies belong to what they are attached to (a function, version or alias).
      deletePolicies: db.prepare('DELETE FROM lambda_policies WHERE function_name = ?'),
      deletePolicy: db.prepare('DELETE FROM lambda_policies WHERE function_name = ? AND qualifier = ?'),
      listLatest: db.prepare<[string, number, number], { fn: string; v: number; data: string }>(
        `SELECT name AS fn, 0 AS v, data FROM functions
         WHERE (name, 0) > (?, ?) ORDER BY name LIMIT ?`,
      ),
      listAll: db.prepare<[string, number, number], { fn: string; v: number; data: string }>(
        `SELECT fn, v, data FROM (
           SELECT name AS fn, 0 AS v, json_extract(data, '$.latest') AS data FROM functions
           UNION ALL
           SELECT function_name, version, json_extract(data, '$.config') FROM versions)
         WHERE (fn, v) > (?, ?) ORDER BY fn, v LIMIT ?`,
      ),
      unsettled: db.prepare<[], { name: string }>(
        `SELECT name FROM functions
         WHERE json_extract(data, '$.latest.state') = 'Pending'
            OR json_extract(data, '$.latest.lastUpdateStatus') = 'InProgress'`,
      ),
      codeOfFunctions: db.prepare<[], { sha: string }>(
        `SELECT json_extract(data, '$.latest.code.sha256Hex') AS sha FROM functions
         UNION SELECT json_extract(data, '$.config.code.sha256Hex') FROM versions`,
      ),
      usesCode: db.prepare<[string, string], { used: number }>(
        `SELECT EXISTS (SELECT 1 FROM functions WHERE json_extract(data, '$.latest.code.sha256Hex') = ?)
             OR EXISTS (SELECT 1 FROM versions WHERE json_extract(data, '$.config.code.sha256Hex') = ?) AS used`,
      ),
      usage: db.prepare<[], { count: number; size: number; reserved: number }>(
        `SELECT (SELECT COUNT(*) FROM functions) AS count,
                (SELECT COALESCE(SUM(reserved_concurrency), 0) FROM functions) AS reserved,
                (SELECT COALESCE(SUM(json_extract(data, '$.latest.code.size')), 0) FROM functions)
              + (SELECT COALESCE(SUM(json_extract(data, '$.config.code.size')), 0) FROM versions) AS size`,
      ),
      allAliases: db.prepare<[], Row>('SELECT data FROM aliases ORDER BY function_name, name'),
    };
  }

  load(name: string): Promise<FunctionAggregate | undefined> {
    return Promise.resolve(this.loadNow(name));
  }

  transact<T>(name: string, decide: Decide<T>): Promise<T> {
    return immediateTransaction(this.db, () => {
      const current = this.loadNow(name);
      const totals = { reservedConcurrencyElsewhere: this.q.reservedElsewhere.get(name)?.total ?? 0 };
      const { changes, result } = decide(current, totals);
      for (const change of changes) this.apply(change);
      return result;
    });
  }

  listConfigs(options: {
    after?: ConfigCursor;
    limit: number;
    allVersions: boolean;
  }): Promise<ListedConfig[]> {
    const after = options.after ?? { functionName: '', version: -1 };
    if (options.allVersions) {
      const rows = this.q.listAll.all(after.functionName, after.version, options.limit);
      return Promise.resolve(
        rows.map((r) => ({
          functionName: r.fn,
          version: r.v,
          config: JSON.parse(r.data) as ListedConfig['config'],
        })),
      );
    }
    const rows = this.q.listLatest.all(after.functionName, after.version, options.limit);
    return Promise.resolve(
      rows.map((r) => ({
        functionName: r.fn,
        version: 0,
        config: (JSON.parse(r.data) as FunctionRecord).latest,
      })),
    );
  }

  listUnsettled(): Promise<string[]> {
    return Promise.resolve(this.q.unsettled.all().map((r) => r.name));
  }

  referencedCode(): Promise<Set<string>> {
    return Promise.resolve(new Set(this.q.codeOfFunctions.all().map((r) => r.sha)));
  }

  referencesCode(sha256Hex: string): Promise<boolean> {
    return settled(() => this.q.usesCode.get(sha256Hex, sha256Hex)?.used === 1);
  }

  reservedConcurrency(): Promise<number> {
    return settled(() => this.q.reservedTotal.get()?.total ?? 0);
  }

  usage(): Promise<AccountUsage> {
    const row = this.q.usage.get();
    return Promise.resolve({
      functionCount: row?.count ?? 0,
      totalCodeSize: row?.size ?? 0,
      reservedConcurrency: row?.reserved ?? 0,
    });
  }

  listAllAliases(): Promise<AliasRecord[]> {
    return Promise.resolve(this.q.allAliases.all().map((r) => JSON.parse(r.data) as AliasRecord));
  }

  /** Reads a function inside a caller's transaction (the policy store decides on it). */
  loadNow(name: string): FunctionAggregate | undefined {
    const row = this.q.fn.get(name);
    if (!row) return undefined;
    const versions = new Map<number, VersionRecord>();
    for (const v of this.q.versions.all(name)) {
      const record = JSON.parse(v.data) as VersionRecord;
      versions.set(record.version, record);
    }
    const aliases = new Map<string, AliasRecord>();
    for (const a of this.q.aliases.all(name)) {
      const record = JSON.parse(a.data) as AliasRecord;
      aliases.set(record.name, record);
    }
    return { fn: JSON.parse(row.data) as FunctionRecord, versions, aliases };
  }

  private apply(change: FunctionChange): void {
    switch (change.kind) {
      case 'putFunction':
        this.q.putFn.run({
          name: change.fn.name,
          data: JSON.stringify(change.fn),
          reserved: change.fn.reservedConcurrency ?? null,
        });
        return;
      case 'deleteFunction':
        this.q.deletePolicies.run(change.name);
        this.q.deleteFnAliases.run(change.name);
        this.q.deleteFnVersions.run(change.name);
        this.q.deleteFn.run(change.name);
        return;
      case 'putVersion':
        this.q.putVersion.run(
          change.version.functionName,
          change.version.version,
          JSON.stringify(change.version),
        );
        return;
      case 'deleteVersion':
        this.q.deleteVersion.run(change.functionName, change.version);
        this.q.deletePolicy.run(change.functionName, String(change.version));
        return;
      case 'putAlias':
        this.q.putAlias.run(change.alias.functionName, change.alias.name, JSON.stringify(change.alias));
        return;
      case 'deleteAlias':
        this.q.deleteAlias.run(change.functionName, change.name);
        this.q.deletePolicy.run(change.functionName, change.name);
        return;
      default:
        return assertNever(change);
    }
  }
}
