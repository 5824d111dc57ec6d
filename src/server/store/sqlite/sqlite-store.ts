import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../store.js';
import { migrate } from './migrations.js';
import { enableGroupCommit } from './transaction.js';
import { SqliteDeployStore } from './deploy-store.js';
import { SqliteAsyncInvocationStore } from './async-invocation-store.js';
import { SqliteProvisionedStore } from './provisioned-store.js';
import { SqliteAlarmStore } from './alarm-store.js';
import { SqliteFunctionStore } from './function-store.js';
import { SqliteMetricStore } from './metric-store.js';
import { SqlitePolicyStore } from './policy-store.js';
import { SqliteRestApiStore } from './rest-api-store.js';
import { SqliteFunctionUrlStore } from './function-url-store.js';
import { SqliteHttpApiStore } from './http-api-store.js';
import { SqliteEventInvokeConfigStore } from './event-invoke-config-store.js';
import { SqliteStatesStore } from './states-store.js';
import { SqliteS3Store } from './s3-store.js';
import { SqliteCfnStore } from './cfn-store.js';
import { SqliteIamStore } from './iam-store.js';

/**
 * Opens (creating and migrating as needed) the SQLite database at `file`. `groupCommit` makes the
 * transactions of one event-loop turn share one fsync (the server on real time does).
 */
export function openSqliteStore(file: string, options: { groupCommit?: boolean } = {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a transaction is on disk before its caller is told it committed.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  if (options.groupCommit) enableGroupCommit(db);
  const functions = new SqliteFunctionStore(db);
  return {
    functions,
    deploy: new SqliteDeployStore(db),
    provisioned: new SqliteProvisionedStore(db),
    asyncInvocations: new SqliteAsyncInvocationStore(db),
    metrics: new SqliteMetricStore(db),
    alarms: new SqliteAlarmStore(db),
    restApis: new SqliteRestApiStore(db),
    httpApis: new SqliteHttpApiStore(db),
    policies: new SqlitePolicyStore(db, (name) => functions.loadNow(name)),
    functionUrls: new SqliteFunctionUrlStore(db),
    eventInvokeConfigs: new SqliteEventInvokeConfigStore(db),
    states: new SqliteStatesStore(db),
    s3: new SqliteS3Store(db),
    cloudformation: new SqliteCfnStore(db),
    iam: new SqliteIamStore(db),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
