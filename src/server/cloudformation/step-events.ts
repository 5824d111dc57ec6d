import type { ResourceRecord, StackEvent, StackRecord, StackStatus } from './model.js';

/** Builds the events a step writes, numbered from the step's own counter so ids are unique. */
export class EventLog {
  readonly events: StackEvent[] = [];

  constructor(
    private readonly stack: Pick<StackRecord, 'stackId' | 'stackName'>,
    private readonly now: number,
    private readonly newId: () => string,
  ) {}

  stackStatus(status: StackStatus, reason?: string): void {
    this.events.push({
      eventId: this.newId(),
      stackId: this.stack.stackId,
      stackName: this.stack.stackName,
      logicalResourceId: this.stack.stackName,
      physicalResourceId: this.stack.stackId,
      resourceType: 'AWS::CloudFormation::Stack',
      timestamp: this.now,
      resourceStatus: status,
      ...(reason ? { resourceStatusReason: reason } : {}),
    });
  }

  resource(
    r: Pick<ResourceRecord, 'logicalId' | 'type' | 'physicalId'>,
    status: string,
    reason?: string,
    properties?: Record<string, unknown>,
  ): void {
    this.events.push({
      eventId: `${r.logicalId}-${status}-${this.newId()}`,
      stackId: this.stack.stackId,
      stackName: this.stack.stackName,
      logicalResourceId: r.logicalId,
      physicalResourceId: r.physicalId ?? '',
      resourceType: r.type,
      timestamp: this.now,
      resourceStatus: status,
      ...(reason ? { resourceStatusReason: reason } : {}),
      ...(properties ? { resourceProperties: JSON.stringify(properties) } : {}),
    });
  }
}
