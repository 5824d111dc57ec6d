/**
 * CloudFormation stacks as the dashboard shows them (`/ui/api/stacks`, `/ui/api/stacks/{name}` and
 * their event streams): DescribeStacks, ListStackResources and DescribeStackEvents in one read,
 * plus, for each operation, the CodeDeploy deployments it started. The server builds them in
 * server/dashboard/stack-page.ts; the dashboard's pages read them.
 */

import type { DeploymentStatus } from './deployment-view.js';

export interface StackSummaryView {
  name: string;
  stackId: string;
  /** CloudFormation's status, as DescribeStacks says it (UPDATE_ROLLBACK_COMPLETE, ...). */
  status: string;
  statusReason?: string;
  description?: string;
  /** Platform time, ms. */
  created: number;
  updated?: number;
  deleted?: number;
  resourceCount: number;
}

export interface StacksListView {
  now: number;
  /** Newest first; deleted stacks only when no live stack has their name. */
  stacks: StackSummaryView[];
}

export interface StackResourceView {
  logicalId: string;
  type: string;
  physicalId?: string;
  status: string;
  statusReason?: string;
  lastUpdated: number;
}

export interface StackEventView {
  id: string;
  timestamp: number;
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
  reason?: string;
}

/** A CodeDeploy deployment an operation started (or CodeDeploy started to roll one back). */
export interface StackDeploymentView {
  id: string;
  application: string;
  group: string;
  status: DeploymentStatus;
  functionName?: string;
  alias?: string;
  fromVersion?: string;
  toVersion?: string;
  /** CodeDeploy's own rollback of another deployment of this list. */
  isRollback: boolean;
  created: number;
  completed?: number;
  error?: string;
}

/** One CREATE, UPDATE or DELETE of the stack, from its first stack event to its last. */
export interface StackOperationView {
  kind: 'CREATE' | 'UPDATE' | 'DELETE';
  started: number;
  /** Undefined while under way. */
  ended?: number;
  /** The stack status it ended with, or the latest one while under way. */
  status: string;
  deployments: StackDeploymentView[];
}

export interface StackPageView {
  now: number;
  stack: StackSummaryView & {
    parameters: { key: string; value: string }[];
    outputs: { key: string; value: string; description?: string }[];
  };
  resources: StackResourceView[];
  /** Newest first, at most EVENTS_SHOWN of `totalEvents`. */
  events: StackEventView[];
  totalEvents: number;
  /** Newest first. */
  operations: StackOperationView[];
}
