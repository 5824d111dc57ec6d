import type { StackActor } from './actor.js';
import type { ApplyRequest } from './model.js';

// Providers name the request from here, beside the interface they implement.
export type { ApplyRequest } from './model.js';

/** How a provider's call ended: done, failed, or still going (a CodeDeploy deployment) to check later. */
export type Outcome =
  | { kind: 'done'; physicalId: string; attributes: Record<string, string> }
  | { kind: 'wait'; token: string; afterMs: number }
  | { kind: 'failed'; reason: string };

export interface ResourceProvider {
  apply(request: ApplyRequest): Promise<Outcome>;
  /** Checks a change that answered `wait`. */
  poll?(request: ApplyRequest, token: string): Promise<Outcome>;
  /** Winds a waiting change back (a sibling failed); its poll then ends it. */
  cancel?(request: ApplyRequest, token: string): Promise<void>;
}

/**
 * The providers by resource type, each calling the services as `actor`. Asynchronous: a server
 * loads them (and the AWS SDK they call through) when its first stack operation needs one.
 */
export interface StackPorts {
  provider(type: string, actor: StackActor): Promise<ResourceProvider | undefined>;
}
