import type { StackDeploymentView } from '../../contracts/stack-view.js';
import { TERMINAL_STATUSES, type StackEvent } from '../cloudformation/model.js';
import type { Deployment } from '../deployments/model.js';

/** How a stack's history splits into operations, and which deployments each one started. */

const STACK_TYPE = 'AWS::CloudFormation::Stack';
const STARTS = {
  CREATE_IN_PROGRESS: 'CREATE',
  UPDATE_IN_PROGRESS: 'UPDATE',
  DELETE_IN_PROGRESS: 'DELETE',
} as const;
const ENDS: ReadonlySet<string> = new Set(TERMINAL_STATUSES.filter((s) => s !== 'REVIEW_IN_PROGRESS'));

export interface OperationWindow {
  kind: 'CREATE' | 'UPDATE' | 'DELETE';
  started: number;
  ended: number | undefined;
  status: string;
}

/**
 * The operations a stack went through, newest first, from its stack-level events (given newest
 * first, as DescribeStackEvents lists them): each begins with `*_IN_PROGRESS` and ends with the
 * first terminal status after it.
 */
export function operationWindows(newestFirst: readonly StackEvent[]): OperationWindow[] {
  const windows: OperationWindow[] = [];
  let open: OperationWindow | undefined;
  for (const e of [...newestFirst].reverse()) {
    if (e.resourceType !== STACK_TYPE || e.logicalResourceId !== e.stackName) continue;
    const start = (STARTS as Record<string, OperationWindow['kind'] | undefined>)[e.resourceStatus];
    if (start && !open) {
      open = { kind: start, started: e.timestamp, ended: undefined, status: e.resourceStatus };
      windows.push(open);
      continue;
    }
    if (!open) continue;
    open.status = e.resourceStatus;
    if (ENDS.has(e.resourceStatus)) {
      open.ended = e.timestamp;
      open = undefined;
    }
  }
  return windows.reverse();
}

/** A deployment as a stack's page lists it. */
export function deploymentRow(d: Deployment): StackDeploymentView {
  return {
    id: d.id,
    application: d.applicationName,
    group: d.groupName,
    status: d.status,
    ...(d.spec
      ? {
          functionName: d.spec.functionName,
          alias: d.spec.alias,
          fromVersion: d.spec.currentVersion,
          toVersion: d.spec.targetVersion,
        }
      : {}),
    isRollback: d.isRollback,
    created: d.createTime,
    ...(d.completeTime !== undefined ? { completed: d.completeTime } : {}),
    ...(d.error ? { error: d.error.message } : {}),
  };
}

/**
 * The deployments an operation started: those of the stack's deployment groups created while it
 * ran, and CodeDeploy's rollbacks of them. Oldest first.
 */
export function deploymentsOf(window: OperationWindow, inGroups: readonly Deployment[]): Deployment[] {
  const during = (d: Deployment): boolean =>
    d.createTime >= window.started && (window.ended === undefined || d.createTime <= window.ended);
  const started = inGroups.filter((d) => !d.isRollback && during(d));
  const ids = new Set(started.map((d) => d.id));
  const rollbacks = inGroups.filter(
    (d) => d.isRollback && ids.has(d.rollbackInfo?.rollbackTriggeringDeploymentId ?? ''),
  );
  return [...started, ...rollbacks].sort((a, b) => a.createTime - b.createTime || a.id.localeCompare(b.id));
}
