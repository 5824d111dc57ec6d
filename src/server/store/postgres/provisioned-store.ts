import type { ProvisionedConcurrencyRecord, ProvisionedConcurrencyStore } from '../../functions/store.js';
import type { PgDatabase } from './pg-database.js';

type Row = { function_name: string; qualifier: string; requested: number; last_modified: number };

/** Change topic of a function's provisioned concurrency configurations (key: the function). */
export const PROVISIONED_TOPIC = 'provisioned';

function toRecord(r: Row): ProvisionedConcurrencyRecord {
  return {
    functionName: r.function_name,
    qualifier: r.qualifier,
    requested: r.requested,
    lastModified: r.last_modified,
  };
}

export class PgProvisionedStore implements ProvisionedConcurrencyStore {
  constructor(private readonly db: PgDatabase) {}

  put(r: ProvisionedConcurrencyRecord): Promise<void> {
    return this.db.write(undefined, async (tx) => {
      await tx.query(
        `INSERT INTO provisioned_concurrency (function_name, qualifier, requested, last_modified)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (function_name, qualifier)
         DO UPDATE SET requested = excluded.requested, last_modified = excluded.last_modified`,
        [r.functionName, r.qualifier, r.requested, r.lastModified],
      );
      tx.publish(PROVISIONED_TOPIC, r.functionName);
    });
  }

  delete(functionName: string, qualifier: string): Promise<void> {
    return this.db.write(undefined, async (tx) => {
      await tx.query('DELETE FROM provisioned_concurrency WHERE function_name = $1 AND qualifier = $2', [
        functionName,
        qualifier,
      ]);
      tx.publish(PROVISIONED_TOPIC, functionName);
    });
  }

  async list(functionName?: string): Promise<ProvisionedConcurrencyRecord[]> {
    const rows =
      functionName === undefined
        ? await this.db.query<Row>('SELECT * FROM provisioned_concurrency ORDER BY function_name, qualifier')
        : await this.db.query<Row>(
            'SELECT * FROM provisioned_concurrency WHERE function_name = $1 ORDER BY qualifier',
            [functionName],
          );
    return rows.map(toRecord);
  }
}
