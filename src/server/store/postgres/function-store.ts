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
import type { PgDatabase, Tx } from './pg-database.js';

type Row = { data: string };
type Query = Pick<Tx, 'query'>;

/** The write lock of Lambda's model: functions, their policies and URLs decide on each other. */
export const LAMBDA_LOCK = 'lambda';
/** Change topic of a function (its versions and aliases included). */
export const FUNCTION_TOPIC = 'function';

/** Reads a function with its versions and aliases on `q` (a transaction or the pool). */
export async function loadFunction(q: Query, name: string): Promise<FunctionAggregate | undefined> {
  const [fn] = await q.query<Row>('SELECT data FROM functions WHERE name = $1', [name]);
  if (!fn) return undefined;
  const versions = new Map<number, VersionRecord>();
  for (const v of await q.query<Row>('SELECT data FROM versions WHERE function_name = $1 ORDER BY version', [
    name,
  ])) {
    const record = JSON.parse(v.data) as VersionRecord;
    versions.set(record.version, record);
  }
  const aliases = new Map<string, AliasRecord>();
  for (const a of await q.query<Row>('SELECT data FROM aliases WHERE function_name = $1 ORDER BY name', [
    name,
  ])) {
    const record = JSON.parse(a.data) as AliasRecord;
    aliases.set(record.name, record);
  }
  return { fn: JSON.parse(fn.data) as FunctionRecord, versions, aliases };
}

export class PgFunctionStore implements FunctionStore {
  constructor(private readonly db: PgDatabase) {}

  load(name: string): Promise<FunctionAggregate | undefined> {
    return loadFunction(this.db, name);
  }

  transact<T>(name: string, decide: Decide<T>): Promise<T> {
    return this.db.write(LAMBDA_LOCK, async (tx) => {
      const current = await loadFunction(tx, name);
      const [totals] = await tx.query<{ total: number }>(
        `SELECT COALESCE(SUM(reserved_concurrency), 0)::bigint AS total FROM functions
         WHERE reserved_concurrency IS NOT NULL AND name <> $1`,
        [name],
      );
      const { changes, result } = decide(current, { reservedConcurrencyElsewhere: totals?.total ?? 0 });
      for (const change of changes) await this.apply(tx, change);
      if (changes.length > 0) tx.publish(FUNCTION_TOPIC, name);
      return result;
    });
  }

  async listConfigs(options: {
    after?: ConfigCursor;
    limit: number;
    allVersions: boolean;
  }): Promise<ListedConfig[]> {
    const after = options.after ?? { functionName: '', version: -1 };
    if (options.allVersions) {
      const rows = await this.db.query<{ fn: string; v: number; data: string }>(
        `SELECT fn, v, data FROM (
           SELECT name AS fn, 0 AS v, (data::jsonb -> 'latest')::text AS data FROM functions
           UNION ALL
           SELECT function_name, version, (data::jsonb -> 'config')::text FROM versions) AS configs
         WHERE (fn, v) > ($1, $2) ORDER BY fn COLLATE "C", v LIMIT $3`,
        [after.functionName, after.version, options.limit],
      );
      return rows.map((r) => ({
        functionName: r.fn,
        version: r.v,
        config: JSON.parse(r.data) as ListedConfig['config'],
      }));
    }
    const rows = await this.db.query<{ fn: string; data: string }>(
      `SELECT name AS fn, data FROM functions WHERE (name, 0) > ($1, $2)
       ORDER BY name COLLATE "C" LIMIT $3`,
      [after.functionName, after.version, options.limit],
    );
    return rows.map((r) => ({
      functionName: r.fn,
      version: 0,
      config: (JSON.parse(r.data) as FunctionRecord).latest,
    }));
  }

  async listUnsettled(): Promise<string[]> {
    // The partial index functions_unsettled's predicate, word for word.
    const rows = await this.db.query<{ name: string }>(
      `SELECT name FROM functions
       WHERE data::jsonb #>> '{latest,state}' = 'Pending'
          OR data::jsonb #>> '{latest,lastUpdateStatus}' = 'InProgress'`,
    );
    return rows.map((r) => r.name);
  }

  async referencedCode(): Promise<Set<string>> {
    const rows = await this.db.query<{ sha: string }>(
      `SELECT data::jsonb #>> '{latest,code,sha256Hex}' AS sha FROM functions
       UNION SELECT data::jsonb #>> '{config,code,sha256Hex}' FROM versions`,
    );
    return new Set(rows.map((r) => r.sha));
  }

  async referencesCode(sha256Hex: string): Promise<boolean> {
    const [row] = await this.db.query<{ used: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM functions WHERE data::jsonb #>> '{latest,code,sha256Hex}' = $1)
           OR EXISTS (SELECT 1 FROM versions WHERE data::jsonb #>> '{config,code,sha256Hex}' = $1) AS used`,
      [sha256Hex],
    );
    return row?.used === true;
  }

  async reservedConcurrency(): Promise<number> {
    const [row] = await this.db.query<{ total: number }>(
      `SELECT COALESCE(SUM(reserved_concurrency), 0)::bigint AS total FROM functions
       WHERE reserved_concurrency IS NOT NULL`,
    );
    return row?.total ?? 0;
  }

  async usage(): Promise<AccountUsage> {
    const [row] = await this.db.query<{ count: number; size: number; reserved: number }>(
      `SELECT (SELECT COUNT(*) FROM functions) AS count,
              (SELECT COALESCE(SUM(reserved_concurrency), 0) FROM functions)::bigint AS reserved,
              ((SELECT COALESCE(SUM((data::jsonb #>> '{latest,code,size}')::bigint), 0) FROM functions)
             + (SELECT COALESCE(SUM((data::jsonb #>> '{config,code,size}')::bigint), 0) FROM versions))::bigint AS size`,
    );
    return {
      functionCount: row?.count ?? 0,
      totalCodeSize: row?.size ?? 0,
      reservedConcurrency: row?.reserved ?? 0,
    };
  }

  async listAllAliases(): Promise<AliasRecord[]> {
    const rows = await this.db.query<Row>(
      'SELECT data FROM aliases ORDER BY function_name COLLATE "C", name COLLATE "C"',
    );
    return rows.map((r) => JSON.parse(r.data) as AliasRecord);
  }

  private async apply(tx: Tx, change: FunctionChange): Promise<void> {
    switch (change.kind) {
      case 'putFunction':
        await tx.query(
          `INSERT INTO functions (name, data, reserved_concurrency) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE SET data = excluded.data, reserved_concurrency = excluded.reserved_concurrency`,
          [change.fn.name, JSON.stringify(change.fn), change.fn.reservedConcurrency ?? null],
        );
        return;
      case 'deleteFunction':
        // Policies belong to what they are attached to; URLs cascade from the function row.
        await tx.query('DELETE FROM lambda_policies WHERE function_name = $1', [change.name]);
        await tx.query('DELETE FROM aliases WHERE function_name = $1', [change.name]);
        await tx.query('DELETE FROM versions WHERE function_name = $1', [change.name]);
        await tx.query('DELETE FROM functions WHERE name = $1', [change.name]);
        return;
      case 'putVersion':
        await tx.query(
          `INSERT INTO versions (function_name, version, data) VALUES ($1, $2, $3)
           ON CONFLICT (function_name, version) DO UPDATE SET data = excluded.data`,
          [change.version.functionName, change.version.version, JSON.stringify(change.version)],
        );
        return;
      case 'deleteVersion':
        await tx.query('DELETE FROM versions WHERE function_name = $1 AND version = $2', [
          change.functionName,
          change.version,
        ]);
        await tx.query('DELETE FROM lambda_policies WHERE function_name = $1 AND qualifier = $2', [
          change.functionName,
          String(change.version),
        ]);
        return;
      case 'putAlias':
        await tx.query(
          `INSERT INTO aliases (function_name, name, data) VALUES ($1, $2, $3)
           ON CONFLICT (function_name, name) DO UPDATE SET data = excluded.data`,
          [change.alias.functionName, change.alias.name, JSON.stringify(change.alias)],
        );
        return;
      case 'deleteAlias':
        // An alias takes its policy and its URL with it.
        await tx.query('DELETE FROM aliases WHERE function_name = $1 AND name = $2', [
          change.functionName,
          change.name,
        ]);
        await tx.query('DELETE FROM lambda_policies WHERE function_name = $1 AND qualifier = $2', [
          change.functionName,
          change.name,
        ]);
        await tx.query('DELETE FROM function_urls WHERE function_name = $1 AND qualifier = $2', [
          change.functionName,
          change.name,
        ]);
        return;
      default:
        return assertNever(change);
    }
  }
}
