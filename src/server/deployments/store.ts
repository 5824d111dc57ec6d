import type { Deployment, DeploymentStatus } from './model.js';
import type { ApplicationRecord, ConfigRecord, GroupRecord, RevisionRecord } from './records.js';

/**
 * CodeDeploy state behind one interface. As for functions, writes are pure synchronous
 * decisions run inside a transaction: `decide` reads through a `DeployReader` and returns the
 * changes to make.
 */
export interface DeployReader {
  application(name: string): ApplicationRecord | undefined;
  applications(): ApplicationRecord[];
  group(applicationName: string, name: string): GroupRecord | undefined;
  groups(applicationName: string): GroupRecord[];
  config(name: string): ConfigRecord | undefined;
  configs(): ConfigRecord[];
  /** Names of the groups (as `app/group`) whose default config is `configName`. */
  groupsUsingConfig(configName: string): string[];
  revision(applicationName: string, sha256: string): RevisionRecord | undefined;
  revisions(applicationName: string): RevisionRecord[];
  deployment(id: string): Deployment | undefined;
  /** The group's deployment that has not finished, if any. */
  activeDeployment(applicationName: string, groupName: string): Deployment | undefined;
  /** The group's newest deployment, and newest succeeded one. */
  lastDeployments(
    applicationName: string,
    groupName: string,
  ): { attempted?: Deployment; succeeded?: Deployment };
  /** Deployment ids, newest first. */
  deploymentIds(filter: DeploymentFilter): string[];
  activeDeploymentIds(): string[];
}

export interface DeploymentFilter {
  applicationName?: string;
  groupName?: string;
  statuses?: DeploymentStatus[];
  createdAfter?: number;
  createdBefore?: number;
}

export type DeployChange =
  | { kind: 'putApplication'; application: ApplicationRecord }
  | { kind: 'renameApplication'; from: string; to: string }
  | { kind: 'deleteApplication'; name: string }
  | { kind: 'putGroup'; group: GroupRecord; previousName?: string }
  | { kind: 'deleteGroup'; applicationName: string; name: string }
  | { kind: 'putConfig'; config: ConfigRecord }
  | { kind: 'deleteConfig'; name: string }
  | { kind: 'putRevision'; revision: RevisionRecord }
  | { kind: 'putDeployment'; deployment: Deployment };

export interface DeployDecision<T> {
  changes: readonly DeployChange[];
  result: T;
}

export interface DeployStore {
  read<T>(query: (reader: DeployReader) => T): Promise<T>;
  transact<T>(decide: (reader: DeployReader) => DeployDecision<T>): Promise<T>;
}
