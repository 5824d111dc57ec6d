import type { StackActor } from './actor.js';

/** CloudFormation's model: stacks, their resources, change sets and events, as gradual keeps them. */

export const STACK_STATUSES = [
  'CREATE_IN_PROGRESS',
  'CREATE_FAILED',
  'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
  'DELETE_COMPLETE',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS',
] as const;
export type StackStatus = (typeof STACK_STATUSES)[number];

export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'CREATE_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_FAILED'
  | 'DELETE_COMPLETE'
  | 'DELETE_SKIPPED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_FAILED'
  | 'UPDATE_COMPLETE';

/** A resource definition after the SAM transform, intrinsics not yet resolved. */
export interface ResourceDefinition {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  UpdatePolicy?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: unknown;
}

/** A template after the SAM transform: what change sets and operations work from. */
export interface ProcessedTemplate {
  Description?: string;
  Parameters?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, ResourceDefinition>;
  Outputs?: Record<string, unknown>;
}

/** A resource as it exists: what was last applied to it, resolved. */
export interface ResourceRecord {
  logicalId: string;
  type: string;
  physicalId: string | undefined;
  status: ResourceStatus;
  statusReason?: string;
  properties: Record<string, unknown>;
  /** `Fn::GetAtt` values, and `Ref` when it is not the physical id. */
  attributes: Record<string, string>;
  /** Logical ids this one refers to, to delete in the reverse order. */
  dependsOn: string[];
  deletionPolicy?: string;
  lastUpdated: number;
}

export interface Parameter {
  key: string;
  value: string;
}

export interface Output {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

export type TaskAction = 'create' | 'update' | 'delete' | 'none';
export type TaskState = 'pending' | 'running' | 'waiting' | 'done' | 'failed' | 'cancelled';

/** One resource's work in the current phase of an operation. */
export interface Task {
  action: TaskAction;
  state: TaskState;
  /** What a long-running change (a CodeDeploy deployment) is checked by, and when next. */
  token?: string;
  wakeAt?: number;
  /** Asked to stop (a sibling failed); the provider winds the change back. */
  cancelRequested?: boolean;
  reason?: string;
  /** The change as sent to the provider: sent again after a crash, or polled with `token`. */
  request?: ApplyRequest;
}

export type Phase = 'forward' | 'cleanup' | 'rollback' | 'rollback-cleanup';

/** The operation a stack is going through; persisted before each effect, so kill -9 resumes it. */
export interface Operation {
  kind: 'CREATE' | 'UPDATE' | 'DELETE';
  phase: Phase;
  templateBody: string;
  template: ProcessedTemplate;
  parameters: Parameter[];
  /** The resources before the operation, for rolling back and for cleanup. */
  before: Record<string, ResourceRecord>;
  tasks: Record<string, Task>;
  /** What the delete phases remove (old physical resources, or everything on DELETE). */
  deleting?: Record<string, ResourceRecord>;
  /** The first failures: why the operation rolls back. */
  failure?: string;
  failed?: string[];
  changeSetId?: string;
  /** Whose permissions its calls carry (absent in operations saved before: the operator's). */
  actor?: StackActor;
}

export interface StackRecord {
  stackId: string;
  stackName: string;
  description?: string;
  status: StackStatus;
  statusReason?: string;
  creationTime: number;
  lastUpdatedTime?: number;
  deletionTime?: number;
  /** The template as submitted (TemplateBody or the object TemplateURL named). */
  templateBody: string;
  /** The template after the SAM transform. */
  template: ProcessedTemplate;
  parameters: Parameter[];
  capabilities: string[];
  tags: { key: string; value: string }[];
  outputs: Output[];
  resources: Record<string, ResourceRecord>;
  operation?: Operation;
  /** The service role CloudFormation assumes for the stack's operations (`RoleARN`). */
  roleArn?: string;
  /** The earliest time a waiting task wants looking at. */
  wakeAt?: number;
  rev: number;
}

export interface StackEvent {
  eventId: string;
  stackId: string;
  stackName: string;
  logicalResourceId: string;
  physicalResourceId: string;
  resourceType: string;
  timestamp: number;
  resourceStatus: string;
  resourceStatusReason?: string;
  resourceProperties?: string;
}

export interface ResourceChange {
  action: 'Add' | 'Modify' | 'Remove';
  logicalResourceId: string;
  physicalResourceId?: string;
  resourceType: string;
  replacement?: 'True' | 'False' | 'Conditional';
  scope: string[];
}

export interface ChangeSetRecord {
  changeSetId: string;
  changeSetName: string;
  stackId: string;
  stackName: string;
  changeSetType: 'CREATE' | 'UPDATE';
  status: 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'DELETE_COMPLETE' | 'FAILED';
  statusReason?: string;
  executionStatus:
    'UNAVAILABLE' | 'AVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';
  creationTime: number;
  description?: string;
  templateBody: string;
  template: ProcessedTemplate | undefined;
  parameters: Parameter[];
  capabilities: string[];
  tags: { key: string; value: string }[];
  changes: ResourceChange[];
  /** The service role its execution assumes (`RoleARN`); without one, the stack's. */
  roleArn?: string;
}

export const TERMINAL_STATUSES: readonly StackStatus[] = [
  'CREATE_COMPLETE',
  'CREATE_FAILED',
  'ROLLBACK_COMPLETE',
  'ROLLBACK_FAILED',
  'DELETE_COMPLETE',
  'DELETE_FAILED',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_ROLLBACK_FAILED',
  'REVIEW_IN_PROGRESS',
];

/** One change to one resource, with everything the provider needs to carry it out again after a crash. */
export interface ApplyRequest {
  stackName: string;
  stackId: string;
  logicalId: string;
  type: string;
  action: TaskAction;
  /** Resolved properties to create or update with (the old ones when rolling back). */
  properties: Record<string, unknown>;
  /** The resource as it is, for updates and deletes. */
  previous?: ResourceRecord;
  updatePolicy?: Record<string, unknown>;
  /** Rolling back: restore directly (no CodeDeploy deployment for an alias). */
  rollback: boolean;
  /** Seeds generated physical names, so a retried create picks the same name. */
  nameSeed: string;
}
