import type { HttpApiAggregate, HttpApiRecord } from '../../apigateway/http/model.js';
import type { HttpApiDecision, HttpApiStore } from '../../apigateway/http/store.js';
import type { PgDatabase, Tx } from './pg-database.js';

type Row = { data: string };

export const HTTP_API_LOCK = 'http-apis';
/** Change topic of an HTTP API (key: its id). */
export const HTTP_API_TOPIC = 'http-api';

async function loadApi(q: Pick<Tx, 'query'>, apiId: string): Promise<HttpApiAggregate | undefined> {
  const [row] = await q.query<Row>('SELECT data FROM http_apis WHERE id = $1', [apiId]);
  return row ? (JSON.parse(row.data) as HttpApiAggregate) : undefined;
}

/** Each HTTP API is one row, read whole. */
export class PgHttpApiStore implements HttpApiStore {
  constructor(private readonly db: PgDatabase) {}

  async list(): Promise<HttpApiRecord[]> {
    const rows = await this.db.query<Row>('SELECT data FROM http_apis ORDER BY created, id');
    return rows.map((r) => (JSON.parse(r.data) as HttpApiAggregate).api);
  }

  load(apiId: string): Promise<HttpApiAggregate | undefined> {
    return loadApi(this.db, apiId);
  }

  transact<T>(
    apiId: string,
    decide: (current: HttpApiAggregate | undefined) => HttpApiDecision<T>,
  ): Promise<T> {
    return this.db.write(HTTP_API_LOCK, async (tx) => {
      const { change, result } = decide(await loadApi(tx, apiId));
      if (change.kind === 'put') {
        await tx.query(
          'INSERT INTO http_apis (id, created, data) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
          [apiId, change.api.api.createdDate, JSON.stringify(change.api)],
        );
      } else if (change.kind === 'delete') {
        await tx.query('DELETE FROM http_apis WHERE id = $1', [apiId]);
      }
      if (change.kind !== 'none') tx.publish(HTTP_API_TOPIC, apiId);
      return result;
    });
  }
}
