import { assertNever } from '../../../common/errors.js';
import type { Deployment } from '../../deployments/model.js';
import { TERMINAL } from '../../deployments/model.js';
import type {
  ApplicationRecord,
  ConfigRecord,
  GroupRecord,
  RevisionRecord,
} from '../../deployments/records.js';
import type {
  DeployChange,
  DeployDecision,
  DeploymentFilter,
  DeployReader,
  DeployStore,
} from '../../deployments/store.js';
import type { PgDatabase, Tx } from './pg-database.js';
import { decideWithReads, type AsyncReader } from './replay-reader.js';

type Row = { data: string };
type Query = Pick<Tx, 'query'>;
const parse = <T>(rows: Row[]): T | undefined => (rows[0] ? (JSON.parse(rows[0].data) as T) : undefined);
const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r.data) as T);
const TERMINAL_SQL = TERMINAL.map((s) => `'${s}'`).join(', ');

export const DEPLOY_LOCK = 'codedeploy';
/** Change topic of a deployment (key: its id). */
export const DEPLOYMENT_TOPIC = 'deployment';

function reader(q: Query): AsyncReader<DeployReader> {
  return {
    application: async (name) =>
      parse<ApplicationRecord>(
        await q.query<Row>('SELECT data FROM cd_applications WHERE name = $1', [name]),
      ),
    applications: async () =>
      parseAll<ApplicationRecord>(await q.query<Row>('SELECT data FROM cd_applications ORDER BY name')),
    group: async (app, name) =>
      parse<GroupRecord>(
        await q.query<Row>('SELECT data FROM cd_groups WHERE application = $1 AND name = $2', [app, name]),
      ),
    groups: async (app) =>
      parseAll<GroupRecord>(
        await q.query<Row>('SELECT data FROM cd_groups WHERE application = $1 ORDER BY name', [app]),
      ),
    config: async (name) =>
      parse<ConfigRecord>(await q.query<Row>('SELECT data FROM cd_configs WHERE name = $1', [name])),
    configs: async () =>
      parseAll<ConfigRecord>(await q.query<Row>('SELECT data FROM cd_configs ORDER BY name')),
    groupsUsingConfig: async (name) =>
      (
        await q.query<{ application: string; name: string }>(
          "SELECT application, name FROM cd_groups WHERE data::jsonb ->> 'deploymentConfigName' = $1",
          [name],
        )
      ).map((r) => `${r.application}/${r.name}`),
    revision: async (app, sha) =>
      parse<RevisionRecord>(
        await q.query<Row>('SELECT data FROM cd_revisions WHERE application = $1 AND sha256 = $2', [
          app,
          sha,
        ]),
      ),
    revisions: async (app) =>
      parseAll<RevisionRecord>(
        await q.query<Row>('SELECT data FROM cd_revisions WHERE application = $1 ORDER BY sha256', [app]),
      ),
    deployment: async (id) =>
      parse<Deployment>(await q.query<Row>('SELECT data FROM cd_deployments WHERE id = $1', [id])),
    activeDeployment: async (app, grp) =>
      parse<Deployment>(
        await q.query<Row>(
          `SELECT data FROM cd_deployments WHERE application = $1 AND grp = $2 AND status NOT IN (${TERMINAL_SQL})
           ORDER BY create_time DESC LIMIT 1`,
          [app, grp],
        ),
      ),
    lastDeployments: async (app, grp) => {
      const attempted = parse<Deployment>(
        await q.query<Row>(
          'SELECT data FROM cd_deployments WHERE application = $1 AND grp = $2 ORDER BY create_time DESC, seq DESC LIMIT 1',
          [app, grp],
        ),
      );
      const succeeded = parse<Deployment>(
        await q.query<Row>(
          `SELECT data FROM cd_deployments WHERE application = $1 AND grp = $2 AND status = 'Succeeded'
           ORDER BY create_time DESC, seq DESC LIMIT 1`,
          [app, grp],
        ),
      );
      return { ...(attempted ? { attempted } : {}), ...(succeeded ? { succeeded } : {}) };
    },
    deploymentIds: (filter) => deploymentIds(q, filter),
    activeDeploymentIds: async () =>
      (
        await q.query<{ id: string }>(
          `SELECT id FROM cd_deployments WHERE status NOT IN (${TERMINAL_SQL}) ORDER BY create_time, seq`,
        )
      ).map((r) => r.id),
  };
}

async function deploymentIds(q: Query, filter: DeploymentFilter): Promise<string[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: (n: string) => string, value: string | number): void => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.applicationName !== undefined) add((n) => `application = ${n}`, filter.applicationName);
  if (filter.groupName !== undefined) add((n) => `grp = ${n}`, filter.groupName);
  if (filter.statuses && filter.statuses.length > 0) {
    const marks = filter.statuses.map((s) => {
      params.push(s);
      return `$${params.length}`;
    });
    where.push(`status IN (${marks.join(', ')})`);
  }
  if (filter.createdAfter !== undefined) add((n) => `create_time >= ${n}`, filter.createdAfter);
  if (filter.createdBefore !== undefined) add((n) => `create_time <= ${n}`, filter.createdBefore);
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM cd_deployments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY create_time DESC, seq DESC`,
    params,
  );
  return rows.map((r) => r.id);
}

async function apply(tx: Tx, change: DeployChange): Promise<void> {
  switch (change.kind) {
    case 'putApplication':
      await tx.query(
        `INSERT INTO cd_applications (name, data) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET data = excluded.data`,
        [change.application.name, JSON.stringify(change.application)],
      );
      return;
    case 'renameApplication': {
      const [row] = await tx.query<Row>('SELECT data FROM cd_applications WHERE name = $1', [change.from]);
      if (!row) return;
      const app = JSON.parse(row.data) as ApplicationRecord;
      await tx.query('DELETE FROM cd_applications WHERE name = $1', [change.from]);
      await tx.query('INSERT INTO cd_applications (name, data) VALUES ($1, $2)', [
        change.to,
        JSON.stringify({ ...app, name: change.to }),
      ]);
      for (const table of ['cd_groups', 'cd_deployments', 'cd_revisions']) {
        const rows = await tx.query<{ key: string; data: string }>(
          `SELECT ${table === 'cd_groups' ? 'name' : table === 'cd_deployments' ? 'id' : 'sha256'} AS key, data
           FROM ${table} WHERE application = $1`,
          [change.from],
        );
        for (const r of rows) {
          const data = JSON.stringify({ ...(JSON.parse(r.data) as object), applicationName: change.to });
          const keyColumn = table === 'cd_groups' ? 'name' : table === 'cd_deployments' ? 'id' : 'sha256';
          await tx.query(
            `UPDATE ${table} SET application = $1, data = $2 WHERE application = $3 AND ${keyColumn} = $4`,
            [change.to, data, change.from, r.key],
          );
        }
      }
      return;
    }
    case 'deleteApplication':
      await tx.query('DELETE FROM cd_groups WHERE application = $1', [change.name]);
      await tx.query('DELETE FROM cd_applications WHERE name = $1', [change.name]);
      return;
    case 'putGroup':
      if (change.previousName !== undefined && change.previousName !== change.group.name) {
        await tx.query('DELETE FROM cd_groups WHERE application = $1 AND name = $2', [
          change.group.applicationName,
          change.previousName,
        ]);
      }
      await tx.query(
        `INSERT INTO cd_groups (application, name, data) VALUES ($1, $2, $3)
         ON CONFLICT (application, name) DO UPDATE SET data = excluded.data`,
        [change.group.applicationName, change.group.name, JSON.stringify(change.group)],
      );
      return;
    case 'deleteGroup':
      await tx.query('DELETE FROM cd_groups WHERE application = $1 AND name = $2', [
        change.applicationName,
        change.name,
      ]);
      return;
    case 'putConfig':
      await tx.query(
        `INSERT INTO cd_configs (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = excluded.data`,
        [change.config.name, JSON.stringify(change.config)],
      );
      return;
    case 'deleteConfig':
      await tx.query('DELETE FROM cd_configs WHERE name = $1', [change.name]);
      return;
    case 'putRevision':
      await tx.query(
        `INSERT INTO cd_revisions (application, sha256, data) VALUES ($1, $2, $3)
         ON CONFLICT (application, sha256) DO UPDATE SET data = excluded.data`,
        [change.revision.applicationName, change.revision.sha256, JSON.stringify(change.revision)],
      );
      return;
    case 'putDeployment': {
      const d = change.deployment;
      await tx.query(
        `INSERT INTO cd_deployments (id, application, grp, status, create_time, data) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data,
           application = excluded.application, grp = excluded.grp`,
        [d.id, d.applicationName, d.groupName, d.status, d.createTime, JSON.stringify(d)],
      );
      tx.publish(DEPLOYMENT_TOPIC, d.id);
      return;
    }
    default:
      assertNever(change);
  }
}

/** CodeDeploy in PostgreSQL: the reader's answers are fetched as the decision asks for them. */
export class PgDeployStore implements DeployStore {
  constructor(private readonly db: PgDatabase) {}

  read<T>(query: (reader: DeployReader) => T): Promise<T> {
    return this.db.snapshot((tx) => decideWithReads(reader(tx), query));
  }

  transact<T>(decide: (reader: DeployReader) => DeployDecision<T>): Promise<T> {
    return this.db.write(DEPLOY_LOCK, async (tx) => {
      const { changes, result } = await decideWithReads(reader(tx), decide);
      for (const change of changes) await apply(tx, change);
      return result;
    });
  }
}
