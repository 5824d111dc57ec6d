import type { ChangeSetRecord, ResourceRecord, StackEvent, StackRecord } from '../../cloudformation/model.js';

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

export function stackView(s: StackRecord): Record<string, unknown> {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    Description: s.description ?? s.template.Description,
    Parameters: s.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
    CreationTime: date(s.creationTime),
    DeletionTime: date(s.deletionTime),
    LastUpdatedTime: date(s.lastUpdatedTime),
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: s.capabilities,
    RoleARN: s.roleArn,
    Outputs: s.outputs.map((o) => ({
      OutputKey: o.key,
      OutputValue: o.value,
      Description: o.description,
      ExportName: o.exportName,
    })),
    Tags: s.tags.map((t) => ({ Key: t.key, Value: t.value })),
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function stackSummary(s: StackRecord): Record<string, unknown> {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    TemplateDescription: s.template.Description,
    CreationTime: date(s.creationTime),
    LastUpdatedTime: date(s.lastUpdatedTime),
    DeletionTime: date(s.deletionTime),
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function eventView(e: StackEvent): Record<string, unknown> {
  return {
    StackId: e.stackId,
    EventId: e.eventId,
    StackName: e.stackName,
    LogicalResourceId: e.logicalResourceId,
    PhysicalResourceId: e.physicalResourceId,
    ResourceType: e.resourceType,
    Timestamp: date(e.timestamp),
    ResourceStatus: e.resourceStatus,
    ResourceStatusReason: e.resourceStatusReason,
    ResourceProperties: e.resourceProperties,
  };
}

export function resourceView(
  s: StackRecord,
  r: ResourceRecord,
  timeKey: 'Timestamp' | 'LastUpdatedTimestamp',
): Record<string, unknown> {
  return {
    StackName: s.stackName,
    StackId: s.stackId,
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    [timeKey]: date(r.lastUpdated),
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

export function changeSetView(c: ChangeSetRecord): Record<string, unknown> {
  return {
    ChangeSetName: c.changeSetName,
    ChangeSetId: c.changeSetId,
    StackId: c.stackId,
    StackName: c.stackName,
    Description: c.description,
    Parameters: c.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
    CreationTime: date(c.creationTime),
    ExecutionStatus: c.executionStatus,
    Status: c.status,
    StatusReason: c.statusReason,
    NotificationARNs: [],
    Capabilities: c.capabilities,
    RoleARN: c.roleArn,
    Tags: c.tags.map((t) => ({ Key: t.key, Value: t.value })),
    Changes: c.changes.map((ch) => ({
      Type: 'Resource',
      ResourceChange: {
        Action: ch.action,
        LogicalResourceId: ch.logicalResourceId,
        PhysicalResourceId: ch.physicalResourceId,
        ResourceType: ch.resourceType,
        Replacement: ch.replacement,
        Scope: ch.scope,
        Details: [],
      },
    })),
    IncludeNestedStacks: false,
  };
}

export function changeSetSummary(c: ChangeSetRecord): Record<string, unknown> {
  return {
    StackId: c.stackId,
    StackName: c.stackName,
    ChangeSetId: c.changeSetId,
    ChangeSetName: c.changeSetName,
    ExecutionStatus: c.executionStatus,
    Status: c.status,
    StatusReason: c.statusReason,
    CreationTime: date(c.creationTime),
    Description: c.description,
    IncludeNestedStacks: false,
  };
}
