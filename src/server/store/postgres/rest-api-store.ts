import { assertNever } from '../../../common/errors.js';
import type {
  DeploymentRecord,
  ResourceRecord,
  RestApiAggregate,
  RestApiRecord,
  StageRecord,
} from '../../apigateway/rest/model.js';
import type { RestApiChange, RestApiDecision, RestApiStore } from '../../apigateway/rest/store.js';
import type { PgDatabase, Tx } from './pg-database.js';

type Row = { data: string };
type Query = Pick<Tx, 'query'>;

export const REST_API_LOCK = 'rest-apis';
/** Change topic of a REST API (key: its id). */
export const REST_API_TOPIC = 'rest-api';

async function loadApi(q: Query, apiId: string): Promise<RestApiAggregate | undefined> {
  const [row] = await q.query<Row>('SELECT data FROM rest_apis WHERE id = $1', [apiId]);
  if (!row) return undefined;
  const byKey = <T>(rows: Row[], key: (value: T) => string): Map<string, T> =>
    new Map(rows.map((r) => JSON.parse(r.data) as T).map((value) => [key(value), value]));
  return {
    api: JSON.parse(row.data) as RestApiRecord,
    resources: byKey<ResourceRecord>(
      await q.query<Row>('SELECT data FROM rest_api_resources WHERE api_id = $1', [apiId]),
      (r) => r.id,
    ),
    deployments: byKey<DeploymentRecord>(
      await q.query<Row>('SELECT data FROM rest_api_deployments WHERE api_id = $1', [apiId]),
      (d) => d.id,
    ),
    stages: byKey<StageRecord>(
      await q.query<Row>('SELECT data FROM rest_api_stages WHERE api_id = $1 ORDER BY name', [apiId]),
      (s) => s.stageName,
    ),
  };
}

async function apply(tx: Tx, change: RestApiChange): Promise<void> {
  const upsert = (table: string, keyColumn: string, apiId: string, key: string, data: unknown) =>
    tx.query(
      `INSERT INTO ${table} (api_id, ${keyColumn}, data) VALUES ($1, $2, $3)
       ON CONFLICT (api_id, ${keyColumn}) DO UPDATE SET data = excluded.data`,
      [apiId, key, JSON.stringify(data)],
    );
  switch (change.kind) {
    case 'putApi':
      await tx.query(
        'INSERT INTO rest_apis (id, created, data) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
        [change.api.id, change.api.createdDate, JSON.stringify(change.api)],
      );
      return;
    case 'deleteApi':
      for (const table of ['rest_api_stages', 'rest_api_deployments', 'rest_api_resources']) {
        await tx.query(`DELETE FROM ${table} WHERE api_id = $1`, [change.apiId]);
      }
      await tx.query('DELETE FROM rest_apis WHERE id = $1', [change.apiId]);
      return;
    case 'putResource':
      await upsert('rest_api_resources', 'id', change.apiId, change.resource.id, change.resource);
      return;
    case 'deleteResource':
      await tx.query('DELETE FROM rest_api_resources WHERE api_id = $1 AND id = $2', [
        change.apiId,
        change.resourceId,
      ]);
      return;
    case 'putDeployment':
      await upsert('rest_api_deployments', 'id', change.apiId, change.deployment.id, change.deployment);
      return;
    case 'deleteDeployment':
      await tx.query('DELETE FROM rest_api_deployments WHERE api_id = $1 AND id = $2', [
        change.apiId,
        change.deploymentId,
      ]);
      return;
    case 'putStage':
      await upsert('rest_api_stages', 'name', change.apiId, change.stage.stageName, change.stage);
      return;
    case 'deleteStage':
      await tx.query('DELETE FROM rest_api_stages WHERE api_id = $1 AND name = $2', [
        change.apiId,
        change.stageName,
      ]);
      return;
    default:
      return assertNever(change);
  }
}

export class PgRestApiStore implements RestApiStore {
  constructor(private readonly db: PgDatabase) {}

  async list(): Promise<RestApiRecord[]> {
    const rows = await this.db.query<Row>('SELECT data FROM rest_apis ORDER BY created, id');
    return rows.map((r) => JSON.parse(r.data) as RestApiRecord);
  }

  load(apiId: string): Promise<RestApiAggregate | undefined> {
    return this.db.snapshot((tx) => loadApi(tx, apiId));
  }

  transact<T>(
    apiId: string,
    decide: (current: RestApiAggregate | undefined) => RestApiDecision<T>,
  ): Promise<T> {
    return this.db.write(REST_API_LOCK, async (tx) => {
      const { changes, result } = decide(await loadApi(tx, apiId));
      for (const change of changes) await apply(tx, change);
      if (changes.length > 0) tx.publish(REST_API_TOPIC, apiId);
      return result;
    });
  }
}
