import { assertNever } from '../../../common/errors.js';
import type { FunctionUrlRecord, FunctionUrlStore, UrlDecide } from '../../functions/store.js';
import { LAMBDA_LOCK } from './function-store.js';
import type { PgDatabase, Tx } from './pg-database.js';

type Row = { data: string };

/** Change topic of a function's URL configurations (key: the function). */
export const FUNCTION_URL_TOPIC = 'function-url';

async function urlsOf(q: Pick<Tx, 'query'>, functionName: string): Promise<FunctionUrlRecord[]> {
  const rows = await q.query<Row>(
    'SELECT data FROM function_urls WHERE function_name = $1 ORDER BY qualifier',
    [functionName],
  );
  return rows.map((r) => JSON.parse(r.data) as FunctionUrlRecord);
}

export class PgFunctionUrlStore implements FunctionUrlStore {
  constructor(private readonly db: PgDatabase) {}

  transact<T>(functionName: string, decide: UrlDecide<T>): Promise<T> {
    return this.db.write(LAMBDA_LOCK, async (tx) => {
      const exists = await tx.query('SELECT 1 FROM functions WHERE name = $1', [functionName]);
      const owner =
        exists.length > 0
          ? {
              aliases: new Set(
                (
                  await tx.query<{ name: string }>('SELECT name FROM aliases WHERE function_name = $1', [
                    functionName,
                  ])
                ).map((r) => r.name),
              ),
            }
          : undefined;
      const { changes, result } = decide(owner, await urlsOf(tx, functionName));
      for (const change of changes) {
        switch (change.kind) {
          case 'putUrl': {
            const r = change.record;
            await tx.query(
              `INSERT INTO function_urls (url_id, function_name, qualifier, data) VALUES ($1, $2, $3, $4)
               ON CONFLICT (url_id) DO UPDATE SET data = excluded.data`,
              [r.urlId, r.functionName, r.qualifier, JSON.stringify(r)],
            );
            break;
          }
          case 'deleteUrl':
            await tx.query('DELETE FROM function_urls WHERE function_name = $1 AND qualifier = $2', [
              change.functionName,
              change.qualifier,
            ]);
            break;
          default:
            assertNever(change);
        }
      }
      if (changes.length > 0) tx.publish(FUNCTION_URL_TOPIC, functionName);
      return result;
    });
  }

  async list(functionName?: string): Promise<FunctionUrlRecord[]> {
    if (functionName !== undefined) return urlsOf(this.db, functionName);
    const rows = await this.db.query<Row>('SELECT data FROM function_urls ORDER BY function_name, qualifier');
    return rows.map((r) => JSON.parse(r.data) as FunctionUrlRecord);
  }
}
