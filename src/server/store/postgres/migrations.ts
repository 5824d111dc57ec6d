import type { PgDatabase } from './pg-database.js';

/**
 * PostgreSQL schema history: each migration runs once, in list order, in a transaction, recorded
 * by name in `schema_migrations`. Nodes starting together take turns (an advisory lock), so the
 * first migrates and the others find it done. Never edit a migration that has shipped: append one.
 *
 * JSON documents are kept as text, as in SQLite: stored and read back byte for byte (jsonb would
 * reorder keys); the few queries that look inside cast them.
 */
export interface PgMigration {
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    name: '001-functions',
    sql: `CREATE TABLE functions (
            name text COLLATE "C" PRIMARY KEY,
            data text COLLATE "C" NOT NULL,
            reserved_concurrency integer
          );
          CREATE TABLE versions (
            function_name text COLLATE "C" NOT NULL,
            version integer NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (function_name, version)
          );
          CREATE TABLE aliases (
            function_name text COLLATE "C" NOT NULL,
            name text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (function_name, name)
          );
          CREATE TABLE provisioned_concurrency (
            function_name text COLLATE "C" NOT NULL,
            qualifier text COLLATE "C" NOT NULL,
            requested integer NOT NULL,
            last_modified bigint NOT NULL,
            PRIMARY KEY (function_name, qualifier)
          );
          CREATE TABLE function_urls (
            url_id text COLLATE "C" PRIMARY KEY,
            function_name text COLLATE "C" NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
            qualifier text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL,
            UNIQUE (function_name, qualifier)
          );
          CREATE TABLE lambda_policies (
            function_name text COLLATE "C" NOT NULL,
            qualifier text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (function_name, qualifier)
          );
          CREATE TABLE code_packages (
            sha256 text COLLATE "C" PRIMARY KEY,
            zip bytea NOT NULL,
            stored_at timestamptz NOT NULL DEFAULT now()
          );`,
  },
  {
    name: '002-async-invocations',
    sql: `CREATE TABLE async_invocations (
            request_id text COLLATE "C" PRIMARY KEY,
            function_name text COLLATE "C" NOT NULL,
            qualifier text COLLATE "C",
            payload bytea NOT NULL,
            attempts integer NOT NULL,
            next_attempt_at bigint NOT NULL,
            enqueued_at bigint NOT NULL
          );
          CREATE INDEX async_invocations_due ON async_invocations (next_attempt_at, enqueued_at);`,
  },
  {
    name: '003-metrics-and-alarms',
    sql: `CREATE TABLE metric_series (
            id bigserial PRIMARY KEY,
            key text COLLATE "C" NOT NULL UNIQUE,
            namespace text COLLATE "C" NOT NULL,
            metric_name text COLLATE "C" NOT NULL,
            dimensions text COLLATE "C" NOT NULL,
            last_seen bigint NOT NULL
          );
          CREATE TABLE metric_points (
            series_id bigint NOT NULL,
            resolution integer NOT NULL,
            ts bigint NOT NULL,
            unit text COLLATE "C" NOT NULL,
            count double precision NOT NULL,
            sum double precision NOT NULL,
            min double precision NOT NULL,
            max double precision NOT NULL,
            sketch bytea
          );
          CREATE INDEX metric_points_by_series ON metric_points (series_id, resolution, ts);
          CREATE INDEX metric_points_by_time ON metric_points (resolution, ts);
          CREATE TABLE metric_rollups (
            resolution integer PRIMARY KEY,
            done_until bigint NOT NULL
          );
          CREATE TABLE alarms (
            name text COLLATE "C" PRIMARY KEY,
            data text COLLATE "C" NOT NULL
          );
          CREATE TABLE alarm_history (
            id bigserial PRIMARY KEY,
            alarm_name text COLLATE "C" NOT NULL,
            ts bigint NOT NULL,
            item_type text COLLATE "C" NOT NULL,
            summary text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL
          );
          CREATE INDEX alarm_history_by_alarm ON alarm_history (alarm_name, ts);
          CREATE INDEX alarm_history_by_time ON alarm_history (ts);`,
  },
  {
    name: '004-codedeploy',
    sql: `CREATE TABLE cd_applications (name text COLLATE "C" PRIMARY KEY, data text COLLATE "C" NOT NULL);
          CREATE TABLE cd_groups (
            application text COLLATE "C" NOT NULL,
            name text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (application, name)
          );
          CREATE TABLE cd_configs (name text COLLATE "C" PRIMARY KEY, data text COLLATE "C" NOT NULL);
          CREATE TABLE cd_revisions (
            application text COLLATE "C" NOT NULL,
            sha256 text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (application, sha256)
          );
          CREATE TABLE cd_deployments (
            id text COLLATE "C" PRIMARY KEY,
            seq bigserial NOT NULL,
            application text COLLATE "C" NOT NULL,
            grp text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            create_time bigint NOT NULL,
            data text COLLATE "C" NOT NULL
          );
          CREATE INDEX cd_deployments_by_group ON cd_deployments (application, grp, create_time);
          CREATE INDEX cd_deployments_by_status ON cd_deployments (status);`,
  },
  {
    name: '005-api-gateway',
    sql: `CREATE TABLE rest_apis (id text COLLATE "C" PRIMARY KEY, created bigint NOT NULL, data text COLLATE "C" NOT NULL);
          CREATE TABLE rest_api_resources (
            api_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data text COLLATE "C" NOT NULL, PRIMARY KEY (api_id, id)
          );
          CREATE TABLE rest_api_deployments (
            api_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data text COLLATE "C" NOT NULL, PRIMARY KEY (api_id, id)
          );
          CREATE TABLE rest_api_stages (
            api_id text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, data text COLLATE "C" NOT NULL, PRIMARY KEY (api_id, name)
          );
          CREATE TABLE http_apis (id text COLLATE "C" PRIMARY KEY, created bigint NOT NULL, data text COLLATE "C" NOT NULL);`,
  },
  {
    name: '006-state-machines',
    sql: `CREATE TABLE sfn_state_machines (arn text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL, data text COLLATE "C" NOT NULL);
          CREATE TABLE sfn_executions (
            arn text COLLATE "C" PRIMARY KEY,
            seq bigserial NOT NULL,
            state_machine_arn text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            start_date bigint NOT NULL,
            wake_at bigint,
            data text COLLATE "C" NOT NULL
          );
          CREATE INDEX sfn_executions_by_machine ON sfn_executions (state_machine_arn, start_date);
          CREATE INDEX sfn_executions_wake ON sfn_executions (wake_at) WHERE status = 'RUNNING';
          CREATE TABLE sfn_events (
            execution_arn text COLLATE "C" NOT NULL,
            id integer NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (execution_arn, id)
          );`,
  },
  {
    name: '007-iam-roles-and-policies',
    sql: `CREATE TABLE iam_roles (name_key text COLLATE "C" PRIMARY KEY, data text COLLATE "C" NOT NULL);
          CREATE TABLE iam_inline_policies (
            role_key text COLLATE "C" NOT NULL,
            name_key text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (role_key, name_key)
          );
          CREATE TABLE iam_role_attachments (
            role_key text COLLATE "C" NOT NULL,
            policy_arn text COLLATE "C" NOT NULL,
            seq bigserial NOT NULL,
            PRIMARY KEY (role_key, policy_arn)
          );
          CREATE INDEX iam_role_attachments_by_policy ON iam_role_attachments (policy_arn);
          CREATE TABLE iam_policies (
            arn text COLLATE "C" PRIMARY KEY,
            name_key text COLLATE "C" NOT NULL UNIQUE,
            data text COLLATE "C" NOT NULL
          );`,
  },
  {
    // The cluster's own tables: numbered changes every node follows, leases, node heartbeats.
    name: '008-cluster',
    sql: `CREATE TABLE change_head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL);
          INSERT INTO change_head (id, seq) VALUES (1, 0);
          CREATE TABLE change_log (
            seq bigint PRIMARY KEY,
            topic text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            origin text COLLATE "C" NOT NULL,
            at timestamptz NOT NULL DEFAULT now()
          );
          CREATE TABLE leases (
            resource text COLLATE "C" PRIMARY KEY,
            owner text COLLATE "C" NOT NULL,
            token bigint NOT NULL,
            expires_at timestamptz NOT NULL
          );
          CREATE TABLE nodes (
            id text COLLATE "C" PRIMARY KEY,
            started_at timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL,
            data text COLLATE "C" NOT NULL
          );`,
  },
  {
    name: '009-cluster-settings',
    sql: `CREATE TABLE cluster_settings (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);`,
  },
  {
    // Keys COLLATE "C": byte order of their UTF-8, which is S3's listing order.
    name: '014-s3-buckets-and-objects',
    sql: `CREATE TABLE s3_buckets (name text COLLATE "C" PRIMARY KEY, data text COLLATE "C" NOT NULL);
          CREATE TABLE s3_objects (
            bucket text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (bucket, key)
          );
          CREATE TABLE s3_uploads (
            upload_id text COLLATE "C" PRIMARY KEY,
            bucket text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL
          );
          CREATE TABLE s3_parts (
            upload_id text COLLATE "C" NOT NULL,
            part_number integer NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (upload_id, part_number)
          );`,
  },
  {
    name: '015-cloudformation-stacks',
    sql: `CREATE TABLE cfn_stacks (
            stack_id text COLLATE "C" PRIMARY KEY,
            name text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            created bigint NOT NULL,
            busy boolean NOT NULL,
            wake_at bigint,
            data text COLLATE "C" NOT NULL
          );
          CREATE INDEX cfn_stacks_by_name ON cfn_stacks (name, created);
          CREATE INDEX cfn_stacks_busy ON cfn_stacks (wake_at) WHERE busy;
          CREATE TABLE cfn_events (
            seq bigserial PRIMARY KEY,
            stack_id text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL
          );
          CREATE INDEX cfn_events_by_stack ON cfn_events (stack_id, seq);
          CREATE TABLE cfn_change_sets (
            change_set_id text COLLATE "C" PRIMARY KEY,
            stack_id text COLLATE "C" NOT NULL,
            created bigint NOT NULL,
            data text COLLATE "C" NOT NULL
          );
          CREATE INDEX cfn_change_sets_by_stack ON cfn_change_sets (stack_id, created);`,
  },
  {
    // Deleting a function or version frees its code package at once: "is this package still
    // used?" must be an index lookup, not a scan of every function.
    name: '016-code-package-references',
    sql: `CREATE INDEX functions_by_code ON functions ((data::jsonb #>> '{latest,code,sha256Hex}'));
          CREATE INDEX versions_by_code ON versions ((data::jsonb #>> '{config,code,sha256Hex}'));`,
  },
  {
    // Settings go with their function, version or alias, in the same transaction.
    name: '017-event-invoke-configs',
    sql: `CREATE TABLE event_invoke_configs (
            function_name text COLLATE "C" NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
            qualifier text COLLATE "C" NOT NULL,
            data text COLLATE "C" NOT NULL,
            PRIMARY KEY (function_name, qualifier)
          );
          CREATE FUNCTION event_invoke_configs_follow_alias() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            DELETE FROM event_invoke_configs WHERE function_name = OLD.function_name AND qualifier = OLD.name;
            RETURN OLD;
          END $$;
          CREATE FUNCTION event_invoke_configs_follow_version() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            DELETE FROM event_invoke_configs
             WHERE function_name = OLD.function_name AND qualifier = OLD.version::text;
            RETURN OLD;
          END $$;
          CREATE TRIGGER event_invoke_configs_follow_aliases AFTER DELETE ON aliases
            FOR EACH ROW EXECUTE FUNCTION event_invoke_configs_follow_alias();
          CREATE TRIGGER event_invoke_configs_follow_versions AFTER DELETE ON versions
            FOR EACH ROW EXECUTE FUNCTION event_invoke_configs_follow_version();`,
  },
  {
    // An attempt's start is written before it runs: one found at start-up was interrupted.
    name: '018-async-attempt-started',
    sql: `ALTER TABLE async_invocations ADD COLUMN started_at bigint;`,
  },
  {
    // Reserved concurrency is summed on every function write: over the few functions that have
    // some, not over all of them.
    name: '019-reserved-concurrency-index',
    sql: `CREATE INDEX functions_reserved ON functions (name, reserved_concurrency)
            WHERE reserved_concurrency IS NOT NULL;`,
  },
  {
    // S3 objects' bytes, by content hash, so an object put through one node is read through any.
    name: '020-s3-object-blobs',
    sql: `CREATE TABLE s3_blobs (
            sha256 text COLLATE "C" PRIMARY KEY,
            bytes bytea NOT NULL,
            stored_at timestamptz NOT NULL DEFAULT now()
          );`,
  },
  {
    // Each cluster node looks for unsettled functions every second (Registry.settleStranded):
    // over the few in that state, not by parsing every function's JSON. Same expression as the
    // query's WHERE (function-store.ts listUnsettled), so the planner can use it.
    name: '021-unsettled-functions-index',
    sql: `CREATE INDEX functions_unsettled ON functions (name)
            WHERE data::jsonb #>> '{latest,state}' = 'Pending'
               OR data::jsonb #>> '{latest,lastUpdateStatus}' = 'InProgress';`,
  },
];

/** Migration lock: one node migrates at a time. */
const MIGRATION_LOCK = 'schema-migrations';

export async function migratePostgres(
  db: PgDatabase,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<void> {
  await db.write(MIGRATION_LOCK, async (tx) => {
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)',
    );
    const applied = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
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
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, now())', [migration.name]);
    }
  });
}
