import type { StackActor } from './actor.js';
import type { ResourceRecord, TaskAction } from './model.js';

/** How a provider's call ended: done, failed, or still going (a CodeDeploy deployment) to check later. */
export type Outcome =
  | { kind: 'done'; physicalId: string; attributes: Record<string, string> }
  | { kind: 'wait'; token: string; afterMs: number }
  | { kind: 'failed'; reason: string };

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

export interface ResourceProvider {
  apply(request: ApplyRequest): Promise<Outcome>;
  /** Checks a change that answered `wait`. */
  poll?(request: ApplyRequest, token: string): Promise<Outcome>;
  /** Winds a waiting change back (a sibling failed); its poll then ends it. */
  cancel?(request: ApplyRequest, token: string): Promise<void>;
}

/** The providers by resource type, each calling the services as `actor`. */
export interface StackPorts {
  provider(type: string, actor: StackActor): ResourceProvider | undefined;
}
