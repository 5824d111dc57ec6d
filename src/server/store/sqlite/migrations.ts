import type Database from 'better-sqlite3';

/**
 * Schema history: each migration runs once, in list order, inside a transaction, and is recorded
 * by name in `schema_migrations`. Never edit a migration that has shipped: append a new one.
 */
export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '001-functions',
    sql: `CREATE TABLE functions (
            name TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            reserved_concurrency INTEGER
          );
          CREATE TABLE versions (
            function_name TEXT NOT NULL,
            version INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (function_name, version)
          ) WITHOUT ROWID;
          CREATE TABLE aliases (
            function_name TEXT NOT NULL,
            name TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (function_name, name)
          ) WITHOUT ROWID;`,
  },
  {
    name: '002-provisioned-concurrency',
    sql: `CREATE TABLE provisioned_concurrency (
            function_name TEXT NOT NULL,
            qualifier TEXT NOT NULL,
            requested INTEGER NOT NULL,
            last_modified INTEGER NOT NULL,
            PRIMARY KEY (function_name, qualifier)
          ) WITHOUT ROWID;`,
  },
  {
    name: '003-async-invocations',
    sql: `CREATE TABLE async_invocations (
            request_id TEXT PRIMARY KEY,
            function_name TEXT NOT NULL,
            qualifier TEXT,
            payload BLOB NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL
          );`,
  },
  {
    name: '002-metrics',
    sql: `CREATE TABLE metric_series (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            namespace TEXT NOT NULL,
            metric_name TEXT NOT NULL,
            dimensions TEXT NOT NULL,
            last_seen INTEGER NOT NULL
          );
          CREATE TABLE metric_points (
            series_id INTEGER NOT NULL,
            resolution INTEGER NOT NULL,
            ts INTEGER NOT NULL,
            unit TEXT NOT NULL,
            count REAL NOT NULL,
            sum REAL NOT NULL,
            min REAL NOT NULL,
            max REAL NOT NULL,
            sketch BLOB
          );
          CREATE INDEX metric_points_by_series ON metric_points (series_id, resolution, ts);
          CREATE INDEX metric_points_by_time ON metric_points (resolution, ts);
          CREATE TABLE metric_rollups (
            resolution INTEGER PRIMARY KEY,
            done_until INTEGER NOT NULL
          );`,
  },
  {
    name: '003-alarms',
    sql: `CREATE TABLE alarms (
            name TEXT PRIMARY KEY,
            data TEXT NOT NULL
          ) WITHOUT ROWID;
          CREATE TABLE alarm_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            alarm_name TEXT NOT NULL,
            ts INTEGER NOT NULL,
            item_type TEXT NOT NULL,
            summary TEXT NOT NULL,
            data TEXT NOT NULL
          );
          CREATE INDEX alarm_history_by_alarm ON alarm_history (alarm_name, ts);
          CREATE INDEX alarm_history_by_time ON alarm_history (ts);`,
  },
  {
    name: '004-codedeploy',
    sql: `CREATE TABLE cd_applications (name TEXT PRIMARY KEY, data TEXT NOT NULL);
          CREATE TABLE cd_groups (
            application TEXT NOT NULL,
            name TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (application, name)
          ) WITHOUT ROWID;
          CREATE TABLE cd_configs (name TEXT PRIMARY KEY, data TEXT NOT NULL);
          CREATE TABLE cd_revisions (
            application TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (application, sha256)
          ) WITHOUT ROWID;
          CREATE TABLE cd_deployments (
            id TEXT PRIMARY KEY,
            application TEXT NOT NULL,
            grp TEXT NOT NULL,
            status TEXT NOT NULL,
            create_time INTEGER NOT NULL,
            data TEXT NOT NULL
          );
          CREATE INDEX cd_deployments_by_group ON cd_deployments (application, grp, create_time);
          CREATE INDEX cd_deployments_by_status ON cd_deployments (status);`,
  },
  {
    // A URL goes with its function, and with its alias: both cascade here, in the same transaction.
    name: '005-function-urls',
    sql: `CREATE TABLE function_urls (
            url_id TEXT PRIMARY KEY,
            function_name TEXT NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
            qualifier TEXT NOT NULL,
            data TEXT NOT NULL,
            UNIQUE (function_name, qualifier)
          );
          CREATE TRIGGER function_urls_follow_aliases AFTER DELETE ON aliases BEGIN
            DELETE FROM function_urls WHERE function_name = OLD.function_name AND qualifier = OLD.name;
          END;`,
  },
  {
    name: '006-rest-apis-and-policies',
    sql: `CREATE TABLE rest_apis (
            id TEXT PRIMARY KEY,
            created INTEGER NOT NULL,
            data TEXT NOT NULL
          );
          CREATE TABLE rest_api_resources (
            api_id TEXT NOT NULL,
            id TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (api_id, id)
          ) WITHOUT ROWID;
          CREATE TABLE rest_api_deployments (
            api_id TEXT NOT NULL,
            id TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (api_id, id)
          ) WITHOUT ROWID;
          CREATE TABLE rest_api_stages (
            api_id TEXT NOT NULL,
            name TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (api_id, name)
          ) WITHOUT ROWID;
          CREATE TABLE lambda_policies (
            function_name TEXT NOT NULL,
            qualifier TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (function_name, qualifier)
          ) WITHOUT ROWID;`,
  },
  {
    name: '007-http-apis',
    sql: `CREATE TABLE http_apis (
            id TEXT PRIMARY KEY,
            created INTEGER NOT NULL,
            data TEXT NOT NULL
          );`,
  },
  {
    name: '008-state-machines',
    sql: `CREATE TABLE sfn_state_machines (
            arn TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            data TEXT NOT NULL
          );
          CREATE TABLE sfn_executions (
            arn TEXT PRIMARY KEY,
            state_machine_arn TEXT NOT NULL,
            status TEXT NOT NULL,
            start_date INTEGER NOT NULL,
            wake_at INTEGER,
            data TEXT NOT NULL
          );
          CREATE INDEX sfn_executions_by_machine ON sfn_executions (state_machine_arn, start_date);
          CREATE INDEX sfn_executions_wake ON sfn_executions (wake_at) WHERE status = 'RUNNING';
          CREATE TABLE sfn_events (
            execution_arn TEXT NOT NULL,
            id INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (execution_arn, id)
          ) WITHOUT ROWID;`,
  },
  {
    name: '009-iam-roles-and-policies',
    sql: `CREATE TABLE iam_roles (
            name_key TEXT PRIMARY KEY,
            data TEXT NOT NULL
          );
          CREATE TABLE iam_inline_policies (
            role_key TEXT NOT NULL,
            name_key TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (role_key, name_key)
          ) WITHOUT ROWID;
          CREATE TABLE iam_role_attachments (
            role_key TEXT NOT NULL,
            policy_arn TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (role_key, policy_arn)
          ) WITHOUT ROWID;
          CREATE INDEX iam_role_attachments_by_policy ON iam_role_attachments (policy_arn);
          CREATE TABLE iam_policies (
            arn TEXT PRIMARY KEY,
            name_key TEXT NOT NULL UNIQUE,
            data TEXT NOT NULL
          );`,
  },
  {
    name: '010-s3-buckets-and-objects',
    sql: `CREATE TABLE s3_buckets (
            name TEXT PRIMARY KEY,
            data TEXT NOT NULL
          );
          CREATE TABLE s3_objects (
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (bucket, key)
          ) WITHOUT ROWID;
          CREATE TABLE s3_uploads (
            upload_id TEXT PRIMARY KEY,
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            data TEXT NOT NULL
          );
          CREATE TABLE s3_parts (
            upload_id TEXT NOT NULL,
            part_number INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (upload_id, part_number)
          ) WITHOUT ROWID;`,
  },
  {
    name: '011-cloudformation-stacks',
    sql: `CREATE TABLE cfn_stacks (
            stack_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            created INTEGER NOT NULL,
            busy INTEGER NOT NULL,
            wake_at INTEGER,
            data TEXT NOT NULL
          );
          CREATE INDEX cfn_stacks_by_name ON cfn_stacks (name, created);
          CREATE INDEX cfn_stacks_busy ON cfn_stacks (wake_at) WHERE busy = 1;
          CREATE TABLE cfn_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            stack_id TEXT NOT NULL,
            data TEXT NOT NULL
          );
          CREATE INDEX cfn_events_by_stack ON cfn_events (stack_id, seq);
          CREATE TABLE cfn_change_sets (
            change_set_id TEXT PRIMARY KEY,
            stack_id TEXT NOT NULL,
            created INTEGER NOT NULL,
            data TEXT NOT NULL
          );
          CREATE INDEX cfn_change_sets_by_stack ON cfn_change_sets (stack_id, created);`,
  },
  {
    // Deleting a function or version frees its code package at once: "is this package still
    // used?" must be an index lookup, not a scan of every function.
    name: '012-code-package-references',
    sql: `CREATE INDEX functions_by_code ON functions (json_extract(data, '$.latest.code.sha256Hex'));
          CREATE INDEX versions_by_code ON versions (json_extract(data, '$.config.code.sha256Hex'));`,
  },
  {
    // Settings go with their function, version or alias, in the same transaction.
    name: '013-event-invoke-configs',
    sql: `CREATE TABLE event_invoke_configs (
            function_name TEXT NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
            qualifier TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (function_name, qualifier)
          ) WITHOUT ROWID;
          CREATE TRIGGER event_invoke_configs_follow_aliases AFTER DELETE ON aliases BEGIN
            DELETE FROM event_invoke_configs WHERE function_name = OLD.function_name AND qualifier = OLD.name;
          END;
          CREATE TRIGGER event_invoke_configs_follow_versions AFTER DELETE ON versions BEGIN
            DELETE FROM event_invoke_configs
             WHERE function_name = OLD.function_name AND qualifier = CAST(OLD.version AS TEXT);
          END;`,
  },
  {
    // An attempt's start is written before it runs: one found at start-up was interrupted.
    name: '014-async-attempt-started',
    sql: `ALTER TABLE async_invocations ADD COLUMN started_at INTEGER;`,
  },
  {
    // Reserved concurrency is summed on every function write: over the few functions that have
    // some, not over all of them.
    name: '015-reserved-concurrency-index',
    sql: `CREATE INDEX functions_reserved ON functions (name, reserved_concurrency)
            WHERE reserved_concurrency IS NOT NULL;`,
  },
];

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db
      .prepare<[], { name: string }>('SELECT name FROM schema_migrations')
      .all()
      .map((r) => r.name),
  );
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `the database was written by a newer gradual (it has migrations ${unknown.join(', ')}); upgrade gradual`,
    );
  }
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
}
