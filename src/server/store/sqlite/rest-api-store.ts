import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type {
  DeploymentRecord,
  ResourceRecord,
  RestApiAggregate,
  RestApiRecord,
  StageRecord,
} from '../../apigateway/rest/model.js';
import type { RestApiChange, RestApiDecision, RestApiStore } from '../../apigateway/rest/store.js';
import { immediateTransaction } from './transaction.js';

type Row = { data: string };

export class SqliteRestApiStore implements RestApiStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      all: db.prepare<[], Row>('SELECT data FROM rest_apis ORDER BY created, id'),
      api: db.prepare<[string], Row>('SELECT data FROM rest_apis WHERE id = ?'),
      resources: db.prepare<[string], Row>('SELECT data FROM rest_api_resources WHERE api_id = ?'),
      deployments: db.prepare<[string], Row>('SELECT data FROM rest_api_deployments WHERE api_id = ?'),
      stages: db.prepare<[string], Row>('SELECT data FROM rest_api_stages WHERE api_id = ? ORDER BY name'),
      putApi: db.prepare(
        `INSERT INTO rest_apis (id, created, data) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
      ),
      deleteApi: db.prepare('DELETE FROM rest_apis WHERE id = ?'),
      deleteApiResources: db.prepare('DELETE FROM rest_api_resources WHERE api_id = ?'),
      deleteApiDeployments: db.prepare('DELETE FROM rest_api_deployments WHERE api_id = ?'),
      deleteApiStages: db.prepare('DELETE FROM rest_api_stages WHERE api_id = ?'),
      putResource: db.prepare(
        `INSERT INTO rest_api_resources (api_id, id, data) VALUES (?, ?, ?)
         ON CONFLICT (api_id, id) DO UPDATE SET data = excluded.data`,
      ),
      deleteResource: db.prepare('DELETE FROM rest_api_resources WHERE api_id = ? AND id = ?'),
      putDeployment: db.prepare(
        `INSERT INTO rest_api_deployments (api_id, id, data) VALUES (?, ?, ?)
         ON CONFLICT (api_id, id) DO UPDATE SET data = excluded.data`,
      ),
      deleteDeployment: db.prepare('DELETE FROM rest_api_deployments WHERE api_id = ? AND id = ?'),
      deleteStage: db.prepare('DELETE FROM rest_api_stages WHERE api_id = ? AND name = ?'),
      putStage: db.prepare(
        `INSERT INTO rest_api_stages (api_id, name, data) VALUES (?, ?, ?)
         ON CONFLICT (api_id, name) DO UPDATE SET data = excluded.data`,
      ),
    };
  }

  list(): Promise<RestApiRecord[]> {
    return Promise.resolve(this.q.all.all().map((r) => JSON.parse(r.data) as RestApiRecord));
  }

  load(apiId: string): Promise<RestApiAggregate | undefined> {
    return Promise.resolve(this.loadNow(apiId));
  }

  transact<T>(
    apiId: string,
    decide: (current: RestApiAggregate | undefined) => RestApiDecision<T>,
  ): Promise<T> {
    return immediateTransaction(this.db, () => {
      const { changes, result } = decide(this.loadNow(apiId));
      for (const change of changes) this.apply(change);
      return result;
    });
  }

  private loadNow(apiId: string): RestApiAggregate | undefined {
    const row = this.q.api.get(apiId);
    if (!row) return undefined;
    const byKey = <T>(rows: Row[], key: (value: T) => string): Map<string, T> =>
      new Map(rows.map((r) => JSON.parse(r.data) as T).map((value) => [key(value), value]));
    return {
      api: JSON.parse(row.data) as RestApiRecord,
      resources: byKey<ResourceRecord>(this.q.resources.all(apiId), (r) => r.id),
      deployments: byKey<DeploymentRecord>(this.q.deployments.all(apiId), (d) => d.id),
      stages: byKey<StageRecord>(this.q.stages.all(apiId), (s) => s.stageName),
    };
  }

  private apply(change: RestApiChange): void {
    switch (change.kind) {
      case 'putApi':
        this.q.putApi.run(change.api.id, change.api.createdDate, JSON.stringify(change.api));
        return;
      case 'deleteApi':
        this.q.deleteApiStages.run(change.apiId);
        this.q.deleteApiDeployments.run(change.apiId);
        this.q.deleteApiResources.run(change.apiId);
        this.q.deleteApi.run(change.apiId);
        return;
      case 'putResource':
        this.q.putResource.run(change.apiId, change.resource.id, JSON.stringify(change.resource));
        return;
      case 'deleteResource':
        this.q.deleteResource.run(change.apiId, change.resourceId);
        return;
      case 'putDeployment':
        this.q.putDeployment.run(change.apiId, change.deployment.id, JSON.stringify(change.deployment));
        return;
      case 'deleteDeployment':
        this.q.deleteDeployment.run(change.apiId, change.deploymentId);
        return;
      case 'deleteStage':
        this.q.deleteStage.run(change.apiId, change.stageName);
        return;
      case 'putStage':
        this.q.putStage.run(change.apiId, change.stage.stageName, JSON.stringify(change.stage));
        return;
      default:
        return assertNever(change);
    }
  }
}
