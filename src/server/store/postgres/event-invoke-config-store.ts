import { assertNever } from '../../../common/errors.js';
import type {
  EventInvokeConfigChange,
  EventInvokeConfigRecord,
  EventInvokeConfigStore,
  EventInvokeDecide,
} from '../../functions/event-invoke-store.js';
import { FUNCTION_TOPIC, LAMBDA_LOCK } from './function-store.js';
import type { PgDatabase, Tx } from './pg-database.js';

type Row = { data: string };

/**
 * PutFunctionEventInvokeConfig's settings, decided under Lambda's write lock with the function,
 * versions and aliases they belong to (deleting those deletes the settings: the schema cascades).
 */
export class PgEventInvokeConfigStore implements EventInvokeConfigStore {
  constructor(private readonly db: PgDatabase) {}

  transact<T>(functionName: string, decide: EventInvokeDecide<T>): Promise<T> {
    return this.db.write(LAMBDA_LOCK, async (tx) => {
      const exists = await tx.query<{ name: string }>('SELECT name FROM functions WHERE name = $1', [
        functionName,
      ]);
      const owner =
        exists.length > 0
          ? {
              versions: new Set(
                (
                  await tx.query<{ version: number }>(
                    'SELECT version FROM versions WHERE function_name = $1',
                    [functionName],
                  )
                ).map((r) => String(r.version)),
              ),
              aliases: new Set(
                (
                  await tx.query<{ name: string }>('SELECT name FROM aliases WHERE function_name = $1', [
                    functionName,
                  ])
                ).map((r) => r.name),
              ),
            }
          : undefined;
      const configs = (
        await tx.query<Row>(
          'SELECT data FROM event_invoke_configs WHERE function_name = $1 ORDER BY qualifier',
          [functionName],
        )
      ).map((r) => JSON.parse(r.data) as EventInvokeConfigRecord);
      // Destinations named in the decision: the decision is synchronous, so they are read first.
      const functions = new Set(
        (await tx.query<{ name: string }>('SELECT name FROM functions')).map((r) => r.name),
      );
      const { changes, result } = decide(owner, configs, (name) => functions.has(name));
      for (const change of changes) await apply(tx, change);
      if (changes.length > 0) tx.publish(`${FUNCTION_TOPIC}-event-invoke`, functionName);
      return result;
    });
  }

  async get(functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined> {
    const [row] = await this.db.query<Row>(
      'SELECT data FROM event_invoke_configs WHERE function_name = $1 AND qualifier = $2',
      [functionName, qualifier],
    );
    return row ? (JSON.parse(row.data) as EventInvokeConfigRecord) : undefined;
  }
}

async function apply(tx: Tx, change: EventInvokeConfigChange): Promise<void> {
  switch (change.kind) {
    case 'putConfig': {
      const r = change.record;
      await tx.query(
        `INSERT INTO event_invoke_configs (function_name, qualifier, data) VALUES ($1, $2, $3)
         ON CONFLICT (function_name, qualifier) DO UPDATE SET data = excluded.data`,
        [r.functionName, r.qualifier, JSON.stringify(r)],
      );
      return;
    }
    case 'deleteConfig':
      await tx.query('DELETE FROM event_invoke_configs WHERE function_name = $1 AND qualifier = $2', [
        change.functionName,
        change.qualifier,
      ]);
      return;
    default:
      return assertNever(change);
  }
}
