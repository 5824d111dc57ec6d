import type { Store } from '../store.js';
import { PgAlarmStore } from './alarm-store.js';
import { PgAsyncInvocationStore } from './async-invocation-store.js';
import { PgDeployStore } from './deploy-store.js';
import { PgFunctionStore } from './function-store.js';
import { PgFunctionUrlStore } from './function-url-store.js';
import { PgCfnStore } from './cfn-store.js';
import { PgS3Store } from './s3-store.js';
import { PgEventInvokeConfigStore } from './event-invoke-config-store.js';
import { PgHttpApiStore } from './http-api-store.js';
import { PgIamStore } from './iam-store.js';
import { PgMetricStore } from './metric-store.js';
import { migratePostgres } from './migrations.js';
import { PgDatabase, type PgOptions } from './pg-database.js';
import { PgPolicyStore } from './policy-store.js';
import { PgProvisionedStore } from './provisioned-store.js';
import { PgRestApiStore } from './rest-api-store.js';
import { PgStatesStore } from './states-store.js';

/** The PostgreSQL store and the connections behind it (the cluster's services use them too). */
export interface PostgresStore extends Store {
  readonly db: PgDatabase;
}

/** Connects to the database at `options.url`, migrating its schema as needed. */
export async function openPostgresStore(options: PgOptions): Promise<PostgresStore> {
  const db = new PgDatabase(options);
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    db,
    functions: new PgFunctionStore(db),
    deploy: new PgDeployStore(db),
    provisioned: new PgProvisionedStore(db),
    asyncInvocations: new PgAsyncInvocationStore(db),
    metrics: new PgMetricStore(db),
    alarms: new PgAlarmStore(db),
    restApis: new PgRestApiStore(db),
    httpApis: new PgHttpApiStore(db),
    policies: new PgPolicyStore(db),
    functionUrls: new PgFunctionUrlStore(db),
    s3: new PgS3Store(db),
    cloudformation: new PgCfnStore(db),
    eventInvokeConfigs: new PgEventInvokeConfigStore(db),
    states: new PgStatesStore(db),
    iam: new PgIamStore(db),
    close: () => db.close(),
  };
}
