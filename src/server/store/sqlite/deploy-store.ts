import type Database from 'better-sqlite3';
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
import { immediateTransaction, settled } from './transaction.js';

type Row = { data: string };
const parse = <T>(row: Row | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);
const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(r.data) as T);
const TERMINAL_SQL = TERMINAL.map((s) => `'${s}'`).join(', ');

export class SqliteDeployStore implements DeployStore {
  private readonly reader: DeployReader;
  private readonly apply: (change: DeployChange) => void;

  constructor(private readonly db: Database.Database) {
    const q = {
      app: db.prepare<[string], Row>('SELECT data FROM cd_applications WHERE name = ?'),
      apps: db.prepare<[], Row>('SELECT data FROM cd_applications ORDER BY name'),
      group: db.prepare<[string, string], Row>(
        'SELECT data FROM cd_groups WHERE application = ? AND name = ?',
      ),
      groups: db.prepare<[string], Row>('SELECT data FROM cd_groups WHERE application = ? ORDER BY name'),
      groupsUsing: db.prepare<[string], { application: string; name: string }>(
        "SELECT application, name FROM cd_groups WHERE json_extract(data, '$.deploymentConfigName') = ?",
      ),
      config: db.prepare<[string], Row>('SELECT data FROM cd_configs WHERE name = ?'),
      configs: db.prepare<[], Row>('SELECT data FROM cd_configs ORDER BY name'),
      revision: db.prepare<[string, string], Row>(
        'SELECT data FROM cd_revisions WHERE application = ? AND sha256 = ?',
      ),
      revisions: db.prepare<[string], Row>(
        'SELECT data FROM cd_revisions WHERE application = ? ORDER BY sha256',
      ),
      deployment: db.prepare<[string], Row>('SELECT data FROM cd_deployments WHERE id = ?'),
      active: db.prepare<[string, string], Row>(
        `SELECT data FROM cd_deployments WHERE application = ? AND grp = ? AND status NOT IN (${TERMINAL_SQL})
         ORDER BY create_time DESC LIMIT 1`,
      ),
      lastAttempted: db.prepare<[string, string], Row>(
        'SELECT data FROM cd_deployments WHERE application = ? AND grp = ? ORDER BY create_time DESC, rowid DESC LIMIT 1',
      ),
      lastSucceeded: db.prepare<[string, string], Row>(
        `SELECT data FROM cd_deployments WHERE application = ? AND grp = ? AND status = 'Succeeded'
         ORDER BY create_time DESC, rowid DESC LIMIT 1`,
      ),
      activeIds: db.prepare<[], { id: string }>(
        `SELECT id FROM cd_deployments WHERE status NOT IN (${TERMINAL_SQL}) ORDER BY create_time`,
      ),
      putApp: db.prepare('INSERT OR REPLACE INTO cd_applications (name, data) VALUES (?, ?)'),
      deleteApp: db.prepare('DELETE FROM cd_applications WHERE name = ?'),
      deleteAppGroups: db.prepare('DELETE FROM cd_groups WHERE application = ?'),
      renameAppGroups: db.prepare(
        "UPDATE cd_groups SET application = @to, data = json_set(data, '$.applicationName', @to) WHERE application = @from",
      ),
      renameAppDeployments: db.prepare(
        "UPDATE cd_deployments SET application = @to, data = json_set(data, '$.applicationName', @to) WHERE application = @from",
      ),
      renameAppRevisions: db.prepare(
        "UPDATE cd_revisions SET application = @to, data = json_set(data, '$.applicationName', @to) WHERE application = @from",
      ),
      putGroup: db.prepare('INSERT OR REPLACE INTO cd_groups (application, name, data) VALUES (?, ?, ?)'),
      deleteGroup: db.prepare('DELETE FROM cd_groups WHERE application = ? AND name = ?'),
      putConfig: db.prepare('INSERT OR REPLACE INTO cd_configs (name, data) VALUES (?, ?)'),
      deleteConfig: db.prepare('DELETE FROM cd_configs WHERE name = ?'),
      putRevision: db.prepare(
        'INSERT OR REPLACE INTO cd_revisions (application, sha256, data) VALUES (?, ?, ?)',
      ),
      putDeployment: db.prepare(
        `INSERT INTO cd_deployments (id, application, grp, status, create_time, data) VALUES (@id, @app, @grp, @status, @created, @data)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data, application = excluded.application, grp = excluded.grp`,
      ),
    };

    this.reader = {
      application: (name) => parse<ApplicationRecord>(q.app.get(name)),
      applications: () => parseAll<ApplicationRecord>(q.apps.all()),
      group: (app, name) => parse<GroupRecord>(q.group.get(app, name)),
      groups: (app) => parseAll<GroupRecord>(q.groups.all(app)),
      config: (name) => parse<ConfigRecord>(q.config.get(name)),
      configs: () => parseAll<ConfigRecord>(q.configs.all()),
      groupsUsingConfig: (name) => q.groupsUsing.all(name).map((r) => `${r.application}/${r.name}`),
      revision: (app, sha) => parse<RevisionRecord>(q.revision.get(app, sha)),
      revisions: (app) => parseAll<RevisionRecord>(q.revisions.all(app)),
      deployment: (id) => parse<Deployment>(q.deployment.get(id)),
      activeDeployment: (app, grp) => parse<Deployment>(q.active.get(app, grp)),
      lastDeployments: (app, grp) => {
        const attempted = parse<Deployment>(q.lastAttempted.get(app, grp));
        const succeeded = parse<Deployment>(q.lastSucceeded.get(app, grp));
        return { ...(attempted ? { attempted } : {}), ...(succeeded ? { succeeded } : {}) };
      },
      deploymentIds: (filter) => this.deploymentIds(filter),
      activeDeploymentIds: () => q.activeIds.all().map((r) => r.id),
    };

    this.apply = (change) => {
      switch (change.kind) {
        case 'putApplication':
          q.putApp.run(change.application.name, JSON.stringify(change.application));
          return;
        case 'renameApplication': {
          const app = parse<ApplicationRecord>(q.app.get(change.from));
          if (!app) return;
          q.deleteApp.run(change.from);
          q.putApp.run(change.to, JSON.stringify({ ...app, name: change.to }));
          for (const stmt of [q.renameAppGroups, q.renameAppDeployments, q.renameAppRevisions]) {
            stmt.run({ from: change.from, to: change.to });
          }
          return;
        }
        case 'deleteApplication':
          q.deleteAppGroups.run(change.name);
          q.deleteApp.run(change.name);
          return;
        case 'putGroup':
          if (change.previousName !== undefined && change.previousName !== change.group.name) {
            q.deleteGroup.run(change.group.applicationName, change.previousName);
          }
          q.putGroup.run(change.group.applicationName, change.group.name, JSON.stringify(change.group));
          return;
        case 'deleteGroup':
          q.deleteGroup.run(change.applicationName, change.name);
          return;
        case 'putConfig':
          q.putConfig.run(change.config.name, JSON.stringify(change.config));
          return;
        case 'deleteConfig':
          q.deleteConfig.run(change.name);
          return;
        case 'putRevision':
          q.putRevision.run(
            change.revision.applicationName,
            change.revision.sha256,
            JSON.stringify(change.revision),
          );
          return;
        case 'putDeployment': {
          const d = change.deployment;
          q.putDeployment.run({
            id: d.id,
            app: d.applicationName,
            grp: d.groupName,
            status: d.status,
            created: d.createTime,
            data: JSON.stringify(d),
          });
          return;
        }
        default:
          assertNever(change);
      }
    };
  }

  read<T>(query: (reader: DeployReader) => T): Promise<T> {
    return settled(() => query(this.reader));
  }

  transact<T>(decide: (reader: DeployReader) => DeployDecision<T>): Promise<T> {
    return immediateTransaction(this.db, () => {
      const { changes, result } = decide(this.reader);
      for (const change of changes) this.apply(change);
      return result;
    });
  }

  private deploymentIds(filter: DeploymentFilter): string[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.applicationName !== undefined) {
      where.push('application = ?');
      params.push(filter.applicationName);
    }
    if (filter.groupName !== undefined) {
      where.push('grp = ?');
      params.push(filter.groupName);
    }
    if (filter.statuses && filter.statuses.length > 0) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      params.push(...filter.statuses);
    }
    if (filter.createdAfter !== undefined) {
      where.push('create_time >= ?');
      params.push(filter.createdAfter);
    }
    if (filter.createdBefore !== undefined) {
      where.push('create_time <= ?');
      params.push(filter.createdBefore);
    }
    const sql = `SELECT id FROM cd_deployments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY create_time DESC, rowid DESC`;
    return this.db
      .prepare<(string | number)[], { id: string }>(sql)
      .all(...params)
      .map((r) => r.id);
  }
}
